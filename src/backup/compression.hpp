// Internal: zlib deflate and inflate as streams of chunks.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>

namespace clientele::backup {

/// Receives each piece of output as it is produced.
using Sink = std::function<void(std::string_view)>;

class Deflater {
public:
    explicit Deflater(Sink sink);
    ~Deflater();
    Deflater(const Deflater&) = delete;
    Deflater& operator=(const Deflater&) = delete;
    void write(std::string_view bytes);
    void finish();

private:
    struct State;
    std::unique_ptr<State> state_;
};

class Inflater {
public:
    explicit Inflater(Sink sink);
    ~Inflater();
    Inflater(const Inflater&) = delete;
    Inflater& operator=(const Inflater&) = delete;
    /// CorruptData when the bytes are not a zlib stream, or go on after its end.
    void write(std::string_view bytes);
    /// CorruptData unless the stream came to its end.
    void finish();

private:
    struct State;
    std::unique_ptr<State> state_;
};

}  // namespace clientele::backup
