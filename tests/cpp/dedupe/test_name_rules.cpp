// Deduplication: how names compare across romanizations (Cantonese, Wade-Giles, pinyin),
// typing slips, column layouts, and the names of brothers and sisters.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "clientele/dedupe.hpp"

using namespace clientele;

namespace {

// Distinct people for the model to learn from; deterministic.
std::vector<MatchRecord> crowd(std::size_t n) {
    static const char* given[] = {"Anna", "Ben", "Carla", "David", "Elena", "Felix", "Grace", "Henry"};
    static const char* family[] = {"Meyer", "Schmidt", "Fischer", "Weber", "Wagner", "Becker", "Koch"};
    static const char* han[] = {"李明", "王华", "刘强", "陈丽", "杨敏", "黄静", "赵磊", "吴洋"};
    std::vector<MatchRecord> out;
    for (std::size_t i = 0; i < n; ++i) {
        MatchRecord r;
        r.id = "bg" + std::to_string(i);
        r.name = i % 2 ? std::string(given[i % 8]) + " " + family[(i * 3) % 7] : std::string(han[(i * 5) % 8]);
        r.phone = "139" + std::to_string(10000000 + i * 7919 % 89999999);
        r.email = "user" + std::to_string(i) + "@example.com";
        r.birthday = std::to_string(1950 + i % 50) + "-0" + std::to_string(1 + i % 9) + "-1" + std::to_string(i % 10);
        out.push_back(r);
    }
    for (std::size_t i = 0; i < n / 5; ++i) {
        MatchRecord r = out[i * 3];
        r.id += "d";
        r.email.clear();
        out.push_back(r);
    }
    return out;
}

MatchRecord named(std::string name, std::string phone = {}, std::string street = {}) {
    MatchRecord r;
    r.id = name + "#" + phone;
    r.name = std::move(name);
    r.phone = std::move(phone);
    r.street = std::move(street);
    return r;
}

// The comparison level of `field` for records a and b among a crowd.
std::string level(const MatchRecord& a, const MatchRecord& b, const std::string& field = "given_name") {
    auto recs = crowd(100);
    recs.push_back(a);
    recs.push_back(b);
    Deduplicator d(recs);
    PairExplanation e = d.explain(recs.size() - 2, recs.size() - 1);
    for (const FieldContribution& f : e.fields)
        if (f.field == field) return f.level;
    FAIL("no field " << field);
    return {};
}

std::string level(const std::string& a, const std::string& b, const std::string& field = "given_name") {
    return level(named(a), named(b), field);
}

const std::string kSame = "same sound (pinyin/alias)";
const std::string kDifferent = "different";
const std::string kMissing = "missing";

}  // namespace

TEST_CASE("Hong Kong names in Cantonese romanization meet their characters") {
    CHECK(level("Chan Tai Man", "陳大文") == kSame);
    CHECK(level("Chan Tai Man", "陳大文", "family_name") == kSame);
    CHECK(level("Lau Hiu Tung", "劉曉彤") == kSame);
    CHECK(level("Wong Ka Yan", "王嘉欣") == kSame);
    CHECK(level("Cheung Pui Yee", "张佩仪") == kSame);   // simplified characters too
    CHECK(level("Tsz Kin Ho", "何子健") == kSame);       // family name last
    CHECK(level("Mak Cheuk Him", "麥卓謙") == kSame);
    CHECK(level("Sham Wing Sze", "岑詠詩", "family_name") == kSame);  // no pinyin alias for 岑
    // Wade-Giles and pinyin still do.
    CHECK(level("Chen Chih-Wei", "陳志偉") == kSame);
    CHECK(level("Hsin-Yi Hsieh", "謝欣怡") == kSame);
}

TEST_CASE("another Chinese given name is another person, an English one says nothing") {
    CHECK(level("Law Shuk Yee", "羅曉彤") == kDifferent);
    CHECK(level("Wong Wing Sze", "王嘉欣") == kDifferent);
    CHECK(level("Yi-Ting Chen", "陳冠宇") == kDifferent);
    CHECK(level("Hui Cheuk Him", "許穎欣") == kDifferent);
    CHECK(level("Kelvin Lee", "李思敏") == kMissing);
    CHECK(level("Gloria Lau", "劉浩然") == kMissing);
}

TEST_CASE("hyphenated, spaced and joined given names are one name") {
    CHECK(level("Chan Tai-Man", "Chan Taiman") == "exact");
    CHECK(level("Chan Tai Man", "Chan Tai-Man") == "exact");
    CHECK(level("Chih-Ming Lin", "Lin Chih Ming") == "exact");
}

TEST_CASE("brothers and sisters named alike are not one person") {
    CHECK(level("Wong Wing Yan", "Wong Wing Hong") == kDifferent);
    CHECK(level("Chia-Hui Lin", "Chia-Ying Lin") == kDifferent);
    CHECK(level("梁曉彤", "梁曉琳") == kDifferent);
    CHECK(level("王子轩", "王子涵") == kDifferent);
    // ...but a slip in one syllable, or a near sound, is the same name.
    CHECK(level("Wong Wing Yan", "Wong Wing Yun") != kDifferent);
    CHECK(level("Chi-Ming Cheng", "Chih-Ming Cheng") != kDifferent);
    CHECK(level("马琳倩", "马玲倩") != kDifferent);
    CHECK(level("Mary Ann Smith", "Mary Anne Smith") != kDifferent);
}

TEST_CASE("two letters swapped are a slip, not another name") {
    CHECK(level("Ian Walker", "Ain Walker") != kDifferent);
    CHECK(level("Lukas Zimmermann", "Lkuas Zimmermann") != kDifferent);
    CHECK(level("Ian Walker", "Amy Walker") == kDifferent);
}

TEST_CASE("a whole name in one name column reads like a name") {
    MatchRecord a;
    a.id = "a";
    a.given_name = "Chan Tai Man";
    CHECK(level(a, named("陳大文")) == kSame);
    CHECK(level(a, named("陳大文"), "family_name") == kSame);
    MatchRecord b;
    b.id = "b";
    b.family_name = "陈大文";
    CHECK(level(b, named("Chan Tai Man")) == kSame);
}

TEST_CASE("a Hong Kong household stays apart while one person's records join") {
    auto recs = crowd(200);
    const std::string flat = "Flat A, 27/F, 37 Kimberley Road";
    recs.push_back(named("陳大文", "+852 2721 4439", flat));
    recs.push_back(named("Chan Tai Man", "2721 4439", flat));
    recs.push_back(named("Chan Ka Yan", "(852) 2721-4439", flat));  // his daughter
    recs.push_back(named("陳嘉欣", "+85227214439", flat));          // her, in characters
    recs.push_back(named("陳大明", "+852 2721 4439", flat));         // his brother
    DedupeOptions o;
    o.default_region = "HK";
    DedupeResult r = dedupe(recs, o);
    std::size_t n = recs.size();
    CHECK(r.cluster[n - 5] == r.cluster[n - 4]);
    CHECK(r.cluster[n - 3] == r.cluster[n - 2]);
    CHECK(r.cluster[n - 5] != r.cluster[n - 3]);
    CHECK(r.cluster[n - 1] != r.cluster[n - 5]);
    CHECK(r.cluster[n - 1] != r.cluster[n - 3]);
}

TEST_CASE("a phone typed without its country code still finds the record") {
    auto recs = crowd(200);
    MatchRecord a = named("William Hall", "07394 285690");  // no country: read in the default region
    MatchRecord b = named("William Halll", "+44 7394 285690");
    recs.push_back(a);
    recs.push_back(b);
    DedupeResult r = dedupe(recs);
    CHECK(r.cluster[recs.size() - 1] == r.cluster[recs.size() - 2]);
}

TEST_CASE("one-character names that differ are different however short their pinyin") {
    CHECK(level("江诗", "许静") == kDifferent);
    CHECK(level("江诗", "许静", "family_name") == kDifferent);
}
