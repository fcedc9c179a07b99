// libFuzzer target: JSON Lines as import reads them — csv::LineReader, then each line as a
// customer and as an interaction. Any clientele::Error is a correct answer.
#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string>

#include "clientele/error.hpp"
#include "json/json.hpp"
#include "csv/reader.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace clientele;
    std::istringstream in(std::string(reinterpret_cast<const char*>(data), size));
    try {
        csv::Options o;
        o.max_field_bytes = 4096;
        csv::LineReader r(in, "fuzz.jsonl", o);
        while (r.next()) {
            try {
                const auto j = parse_json_object(r.text(), "fuzz.jsonl");
                try {
                    (void)to_json(customer_from_json(j, "fuzz.jsonl", static_cast<std::int64_t>(r.line())));
                } catch (const Error&) {
                }
                (void)to_json(interaction_from_json(j, "fuzz.jsonl", static_cast<std::int64_t>(r.line())));
            } catch (const Error&) {
            }
        }
    } catch (const Error&) {
    }
    return 0;
}
