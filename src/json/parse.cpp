// The one way JSON text becomes a document: nlohmann's SAX parser feeding its own DOM
// builder, with two rules in between that its plain parse() lacks. Nesting is bounded
// (the DOM it builds is destroyed iteratively but dumped and copied recursively, so an
// unbounded depth is a stack overflow later, far from the input), and an integer written
// beyond 64 bits is refused instead of becoming an inexact double.
#include "json/json.hpp"

#include <vector>

#include "clientele/error.hpp"
#include "json/reader.hpp"

namespace clientele {

using nlohmann::json;

namespace {

// Path segments shown in a message: enough to find the value, short however deep it is.
constexpr std::size_t kPathShown = 6;

class CheckedDom {
public:
    CheckedDom(json& out, int max_depth, JsonTextProblem& problem)
        : dom_(out, true), max_depth_(max_depth), problem_(problem) {}

    bool null() { return value() && dom_.null(); }
    bool boolean(bool v) { return value() && dom_.boolean(v); }
    bool number_integer(json::number_integer_t v) { return value() && dom_.number_integer(v); }
    bool number_unsigned(json::number_unsigned_t v) { return value() && dom_.number_unsigned(v); }
    bool number_float(json::number_float_t v, const json::string_t& text) {
        if (!value()) return false;
        // The lexer falls back to a double for an integer that overflows 64 bits; written
        // without a fraction or exponent it was meant as an integer, and a double would
        // keep only its first 16 digits.
        if (text.find_first_of(".eE") == json::string_t::npos)
            return refuse("the integer " + shorten(text) + " is beyond 64 bits");
        return dom_.number_float(v, text);
    }
    bool string(json::string_t& v) { return value() && dom_.string(v); }
    bool binary(json::binary_t& v) { return value() && dom_.binary(v); }
    bool start_object(std::size_t n) { return value() && open(false) && dom_.start_object(n); }
    bool key(json::string_t& k) {
        path_.back().key = k;
        return dom_.key(k);
    }
    bool end_object() {
        path_.pop_back();
        return dom_.end_object();
    }
    bool start_array(std::size_t n) { return value() && open(true) && dom_.start_array(n); }
    bool end_array() {
        path_.pop_back();
        return dom_.end_array();
    }
    template <class Exception>
    bool parse_error(std::size_t, const std::string&, const Exception& e) {
        problem_ = {"", "not valid JSON: " + json_read::describe(e), true};
        return false;
    }

private:
    struct Level {
        bool array = false;
        std::size_t index = 0;  // elements begun so far, in an array
        std::string key;        // the current member, in an object
    };

    // Every value starts here: it moves an array's index on.
    bool value() {
        if (!path_.empty() && path_.back().array) ++path_.back().index;
        return true;
    }
    bool open(bool array) {
        if (static_cast<int>(path_.size()) >= max_depth_)
            return refuse("is nested deeper than " + std::to_string(max_depth_) + " levels (the limit)");
        path_.push_back({array, 0, {}});
        return true;
    }
    bool refuse(std::string reason) {
        problem_ = {path(), std::move(reason), false};
        return false;
    }
    std::string path() const {
        std::string out;
        for (std::size_t k = 0; k < path_.size() && k < kPathShown; ++k) {
            const auto& l = path_[k];
            if (l.array) out += "[" + std::to_string(l.index == 0 ? 0 : l.index - 1) + "]";
            else out += (out.empty() ? "" : ".") + l.key;
        }
        if (path_.size() > kPathShown) out += "...";
        return out;
    }
    static std::string shorten(const std::string& digits) {
        return digits.size() <= 40 ? digits : digits.substr(0, 40) + "...";
    }

    nlohmann::detail::json_sax_dom_parser<json> dom_;
    int max_depth_;
    JsonTextProblem& problem_;
    std::vector<Level> path_;
};

InvalidInput refused(const JsonTextProblem& p, std::string_view source, std::int64_t row = 0) {
    return InvalidInput(p.field, p.reason, std::string(source), row);
}

}  // namespace

std::optional<json> read_json_text(std::string_view text, int max_depth, JsonTextProblem& problem) {
    json out;
    CheckedDom sax(out, max_depth, problem);
    try {
        if (json::sax_parse(text.begin(), text.end(), &sax)) return out;
    } catch (const json::exception& e) {
        // Raised by the DOM builder (a number beyond a double's range, 406, found by
        // fuzzing the JSONL import), not by the rules above.
        problem = {"", "not valid JSON: " + json_read::describe(e), true};
    }
    return std::nullopt;
}

json parse_json(std::string_view text, std::string_view source) {
    JsonTextProblem problem;
    if (auto j = read_json_text(text, kMaxJsonTextDepth, problem)) return std::move(*j);
    throw refused(problem, source);
}

std::optional<json> try_parse_json(std::string_view text, std::string_view source, std::int64_t row) {
    JsonTextProblem problem;
    if (auto j = read_json_text(text, kMaxJsonTextDepth, problem)) return j;
    if (problem.syntax) return std::nullopt;
    throw refused(problem, source, row);
}

json parse_json_object(std::string_view text, std::string_view source) {
    json j = parse_json(text, source);
    if (!j.is_object())
        throw InvalidInput("", std::string("must be a JSON object, not ") + j.type_name(), std::string(source));
    return j;
}

}  // namespace clientele
