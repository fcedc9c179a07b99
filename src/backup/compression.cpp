#include "backup/compression.hpp"

#include <zlib.h>

#include "clientele/error.hpp"

namespace clientele::backup {
namespace {

constexpr std::size_t kOutChunk = 64 * 1024;

/// Runs `step` (deflate or inflate) until it has taken all input and, when `flush` asks,
/// given all output; returns zlib's last code.
template <class Step>
int pump(z_stream& z, std::string_view in, const Sink& sink, Step step) {
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
    z.avail_in = static_cast<uInt>(in.size());
    std::string out(kOutChunk, '\0');
    int rc = Z_OK;
    do {
        z.next_out = reinterpret_cast<Bytef*>(out.data());
        z.avail_out = static_cast<uInt>(out.size());
        rc = step();
        const std::size_t produced = out.size() - z.avail_out;
        if (produced) sink(std::string_view(out.data(), produced));
    } while (z.avail_out == 0 && rc != Z_STREAM_END && rc >= 0);
    return rc;
}

}  // namespace

struct Deflater::State {
    z_stream z{};
    Sink sink;
};

Deflater::Deflater(Sink sink) : state_(std::make_unique<State>()) {
    state_->sink = std::move(sink);
    if (deflateInit(&state_->z, Z_DEFAULT_COMPRESSION) != Z_OK) throw Error(ErrorCode::internal, "zlib: deflateInit");
}
Deflater::~Deflater() { deflateEnd(&state_->z); }

void Deflater::write(std::string_view bytes) {
    pump(state_->z, bytes, state_->sink, [&] { return deflate(&state_->z, Z_NO_FLUSH); });
}

void Deflater::finish() {
    pump(state_->z, {}, state_->sink, [&] { return deflate(&state_->z, Z_FINISH); });
}

struct Inflater::State {
    z_stream z{};
    Sink sink;
    bool ended = false;
};

Inflater::Inflater(Sink sink) : state_(std::make_unique<State>()) {
    state_->sink = std::move(sink);
    if (inflateInit(&state_->z) != Z_OK) throw Error(ErrorCode::internal, "zlib: inflateInit");
}
Inflater::~Inflater() { inflateEnd(&state_->z); }

void Inflater::write(std::string_view bytes) {
    if (bytes.empty()) return;
    if (state_->ended) throw CorruptData("damaged backup (data after the end of the compressed stream)");
    const int rc = pump(state_->z, bytes, state_->sink, [&] { return inflate(&state_->z, Z_NO_FLUSH); });
    if (rc == Z_STREAM_END) {
        state_->ended = true;
        if (state_->z.avail_in) throw CorruptData("damaged backup (data after the end of the compressed stream)");
    } else if (rc != Z_OK && rc != Z_BUF_ERROR) {
        throw CorruptData("damaged backup (the compressed data does not decompress)");
    }
}

void Inflater::finish() {
    if (!state_->ended) throw CorruptData("damaged backup (the compressed data is cut short)");
}

}  // namespace clientele::backup
