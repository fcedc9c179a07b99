// libFuzzer target: csv::Reader on arbitrary bytes. The first byte picks the options
// (delimiter, encoding, a small field limit) so every path of the reader is reached.
// Any clientele::Error is a correct answer; crashes, leaks and sanitizer reports are not.
#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string>

#include "clientele/error.hpp"
#include "csv/reader.hpp"
#include "csv/writer.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    using namespace clientele;
    csv::Options o;
    const std::uint8_t pick = data[0];
    o.delimiter = (pick & 1) ? ';' : ',';
    o.encoding = static_cast<csv::Encoding>((pick >> 1) % 3);
    if (pick & 8) o.max_field_bytes = 64;
    std::istringstream in(std::string(reinterpret_cast<const char*>(data) + 1, size - 1));
    try {
        csv::Reader r(in, "fuzz.csv", o);
        std::uint64_t last_line = 0;
        int checked = 0;
        while (r.next()) {
            // Lines only go forward, and every field written back reads back the same.
            if (r.line() <= last_line) __builtin_trap();
            last_line = r.line();
            if (++checked > 16) continue;  // the round trip of a few records is enough
            std::string again;
            for (std::size_t k = 0; k < r.size(); ++k) {
                if (k) again.push_back(o.delimiter);
                csv::append_field(again, r[k], o.delimiter);
            }
            // A BOM first: the reader drops one at the start, and a field may begin with U+FEFF.
            std::istringstream back("\xEF\xBB\xBF" + again + "\n");
            csv::Options plain = o;
            plain.encoding = csv::Encoding::utf8;
            plain.max_field_bytes = std::size_t{1} << 20;
            csv::Reader r2(back, "again", plain);
            if (r.size() == 1 && r[0].empty()) continue;  // a lone empty field is a blank line
            if (!r2.next() || r2.size() != r.size()) __builtin_trap();
            for (std::size_t k = 0; k < r.size(); ++k)
                if (r2[k] != r[k]) __builtin_trap();
        }
    } catch (const Error&) {
    }
    return 0;
}
