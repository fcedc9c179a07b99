#include "dedupe/blocking.hpp"

#include <algorithm>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "dedupe/cantonese.hpp"
#include "text/utf8.hpp"

namespace clientele::matching {

namespace {

std::uint64_t fnv(std::uint64_t h, std::string_view s) {
    for (unsigned char c : s) {
        h ^= c;
        h *= 0x100000001b3ULL;
    }
    return h;
}

std::uint64_t key(int kind, std::string_view a, std::string_view b = {}, std::string_view c = {}) {
    std::uint64_t h = 0xcbf29ce484222325ULL ^ (static_cast<std::uint64_t>(kind) * 0x9E3779B97F4A7C15ULL);
    h = fnv(h, a);
    h = fnv(h ^ 0x1f, b);
    h = fnv(h ^ 0x2f, c);
    return h;
}

std::string_view prefix(const std::string& s, std::size_t n) { return std::string_view(s).substr(0, n); }

// A Han name part read in Cantonese, as sound keys (刘 "lau", 晓彤 "hiutung"), one string per
// combination of the characters' Hong Kong readings (大 is daai, dai or tai), at most
// kMaxCantoneseKeys of them; none when a character is not in the table.
constexpr std::size_t kMaxCantoneseKeys = 4;
std::vector<std::string> cantonese_keys(std::string_view han) {
    std::vector<std::string> out{std::string()};
    for (std::size_t i = 0; i < han.size();) {
        std::string_view all = cantonese_readings(text::next_code_point(han, i));
        if (all.empty()) return {};
        std::vector<std::string> next;
        for (const std::string& head : out)
            for (std::size_t b = 0; b < all.size() && next.size() < kMaxCantoneseKeys;) {
                std::size_t e = std::min(all.find(' ', b), all.size());
                next.push_back(head + sound_key(all.substr(b, e - b)));
                b = e + 1;
            }
        out = std::move(next);
    }
    return out;
}

// A romanized name part in the same form, token by token ("Hiu Tung", "Hiu-Tung"), when its
// tokens read as Chinese syllables; else "" (an English name has no Cantonese key).
std::string romanized_key(std::string_view latin, std::uint32_t breaks) {
    std::string out;
    int n = for_each_part(latin, breaks, [&](std::string_view t) { out += sound_key(t); });
    return n > 0 && is_chinese_syllables(latin, n) ? out : std::string();
}

}  // namespace

namespace {

// The two key sets differ only in what `batch` adds (see blocking.hpp).
std::vector<std::uint64_t> keys_of(const PreparedRecords& r, std::size_t i, bool batch) {
    std::vector<std::uint64_t> k;
    if (batch) {
        // The last eight digits, not the whole number: a number typed without its country
        // code in a record without a country (07954 034412) is parsed in the default region
        // and differs from +44 7954 034412 in all but those.
        for (std::size_t j = 0; j < r.phones.count(i); ++j) {
            std::string_view p = r.phones.at(i, j);
            k.push_back(key(1, p.substr(p.size() > 8 ? p.size() - 8 : 0)));
        }
        for (std::size_t j = 0; j < r.emails.count(i); ++j) k.push_back(key(2, r.emails.at(i, j)));
        // Birthday with a house number: meets a copy whose name, postcode and city all have a
        // slip (FEBRL: "jack brock, 1 duhig place, boyanup 2484" / "brokc, 1 duhig place,
        // boynaup 2488", same birthday).
        if (!r.birthday[i].empty())
            for (std::size_t j = 0; j < r.street_tokens.count(i); ++j) {
                const std::string& t = r.street_tokens.at(i, j);
                if (!t.empty() && std::all_of(t.begin(), t.end(), [](unsigned char c) { return c >= '0' && c <= '9'; }))
                    k.push_back(key(14, r.birthday[i], t));
            }
    }
    for (std::size_t j = 0; j < r.email_locals.count(i); ++j)
        if (r.email_locals.at(i, j).size() >= 4) k.push_back(key(3, r.email_locals.at(i, j)));
    const std::string &bd = r.birthday[i], &pc = r.postcode[i], &city = r.city[i];
    for (int v = 0; v < 2; ++v) {
        const NameColumns& n = r.names[v];
        const std::string &fam = n.family_alt[i], &giv = n.given_alt[i];
        if (fam.empty() && giv.empty()) continue;
        // Order-free full name, so "Wei Zhang" meets 张伟.
        std::string_view lo = std::min<std::string_view>(fam, giv), hi = std::max<std::string_view>(fam, giv);
        k.push_back(key(4, lo, hi));
        std::string_view lo3 = std::min(prefix(fam, 3), prefix(giv, 3)), hi3 = std::max(prefix(fam, 3), prefix(giv, 3));
        k.push_back(key(5, lo3, hi3, prefix(bd, 4)));
        for (const std::string* part : {&fam, &giv}) {
            if (part->empty()) continue;
            if (!bd.empty()) k.push_back(key(6, *part, bd));
            if (!pc.empty()) k.push_back(key(7, *part, pc));
            if (!city.empty() && batch) k.push_back(key(8, *part, city));
        }
        if (!bd.empty() && !fam.empty() && !giv.empty()) k.push_back(key(9, bd, lo.substr(0, 1), hi.substr(0, 1)));
        if (v == 0 && !n.family_han[i].empty()) k.push_back(key(10, n.family_han[i], n.given_han[i]));
        // The Cantonese reading, so that "Lau Hiu Tung" meets 劉曉彤 with nothing else shared
        // (pinyin and Wade-Giles spellings already meet under the alt keys).
        auto cantonese = [&](const std::string& f, const std::string& g) {
            if (!f.empty() && !g.empty()) k.push_back(key(15, std::min(f, g), std::max(f, g)));
        };
        if (!n.family_han[i].empty() && !n.given_han[i].empty()) {
            if (v == 0) {
                std::vector<std::string> f = cantonese_keys(n.family_han[i]);
                if (!f.empty())  // the family name in its usual reading (陈 chan)
                    for (const std::string& g : cantonese_keys(n.given_han[i])) cantonese(f[0], g);
            }
        } else if (n.family_han[i].empty() && n.given_han[i].empty()) {
            cantonese(romanized_key(n.family[i], n.family_breaks[i]), romanized_key(n.given[i], n.given_breaks[i]));
        }
    }
    if (!bd.empty() && !pc.empty()) k.push_back(key(11, bd, pc));
    if (!r.street[i].empty()) k.push_back(key(12, r.street[i], pc.empty() ? city : pc));
    if (!bd.empty() && !city.empty()) k.push_back(key(13, bd, city));
    std::sort(k.begin(), k.end());
    k.erase(std::unique(k.begin(), k.end()), k.end());
    return k;
}

}  // namespace

std::vector<std::uint64_t> blocking_keys(const PreparedRecords& r, std::size_t i) { return keys_of(r, i, true); }
std::vector<std::uint64_t> index_keys(const PreparedRecords& r, std::size_t i) { return keys_of(r, i, false); }

std::vector<std::uint64_t> candidate_pairs(const PreparedRecords& r, unsigned threads) {
    std::size_t n = r.size;
    if (threads == 0) threads = 1;
    // (key, record) for every record's keys, built in parallel.
    std::vector<std::vector<std::pair<std::uint64_t, std::uint32_t>>> parts(threads);
    {
        std::vector<std::thread> pool;
        for (unsigned t = 0; t < threads; ++t)
            pool.emplace_back([&, t] {
                for (std::size_t i = n * t / threads; i < n * (t + 1) / threads; ++i)
                    for (auto h : blocking_keys(r, i)) parts[t].emplace_back(h, static_cast<std::uint32_t>(i));
            });
        for (auto& th : pool) th.join();
    }
    std::vector<std::pair<std::uint64_t, std::uint32_t>> entries;
    for (auto& p : parts) entries.insert(entries.end(), p.begin(), p.end());
    parts.clear();
    std::sort(entries.begin(), entries.end());

    // Sort order inside a large block: name, then birthday, so near-identical records are
    // neighbours.
    auto sort_key = [&](std::uint32_t i) {
        return std::tie(r.names[0].family_alt[i], r.names[0].given_alt[i], r.birthday[i]);
    };
    std::vector<std::uint64_t> pairs;
    auto emit = [&](std::uint32_t a, std::uint32_t b) {
        if (a == b) return;
        if (a > b) std::swap(a, b);
        pairs.push_back(static_cast<std::uint64_t>(a) << 32 | b);
    };
    std::vector<std::uint32_t> block;
    for (std::size_t s = 0; s < entries.size();) {
        std::size_t e = s;
        block.clear();
        while (e < entries.size() && entries[e].first == entries[s].first) block.push_back(entries[e++].second);
        if (block.size() <= kMaxBlock) {
            for (std::size_t i = 0; i < block.size(); ++i)
                for (std::size_t j = i + 1; j < block.size(); ++j) emit(block[i], block[j]);
        } else {
            std::sort(block.begin(), block.end(),
                      [&](std::uint32_t x, std::uint32_t y) { return sort_key(x) < sort_key(y); });
            for (std::size_t i = 0; i < block.size(); ++i)
                for (std::size_t j = i + 1; j < block.size() && j <= i + kWindow; ++j) emit(block[i], block[j]);
        }
        s = e;
    }
    std::sort(pairs.begin(), pairs.end());
    pairs.erase(std::unique(pairs.begin(), pairs.end()), pairs.end());
    return pairs;
}

}  // namespace clientele::matching
