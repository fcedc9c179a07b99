#include "customer_data.hpp"

#include <array>
#include <cstdio>
#include <string_view>

namespace clientele::bench {

namespace {

struct Hanzi {
    const char* text;
    const char* pinyin;
};

constexpr Hanzi kFamilyCn[] = {
    {"王", "wang"}, {"李", "li"},     {"张", "zhang"}, {"刘", "liu"},   {"陈", "chen"},   {"杨", "yang"},
    {"黄", "huang"}, {"赵", "zhao"},  {"吴", "wu"},    {"周", "zhou"},  {"徐", "xu"},     {"孙", "sun"},
    {"马", "ma"},   {"朱", "zhu"},    {"胡", "hu"},    {"郭", "guo"},   {"何", "he"},     {"高", "gao"},
    {"林", "lin"},  {"罗", "luo"},    {"郑", "zheng"}, {"梁", "liang"}, {"谢", "xie"},    {"宋", "song"},
    {"唐", "tang"}, {"许", "xu"},     {"韩", "han"},   {"冯", "feng"},  {"邓", "deng"},   {"曹", "cao"},
    {"彭", "peng"}, {"曾", "zeng"},   {"肖", "xiao"},  {"田", "tian"},  {"董", "dong"},   {"袁", "yuan"},
    {"潘", "pan"},  {"于", "yu"},     {"蒋", "jiang"}, {"蔡", "cai"},   {"杜", "du"},     {"叶", "ye"},
    {"程", "cheng"}, {"苏", "su"},    {"魏", "wei"},   {"吕", "lv"},    {"丁", "ding"},   {"任", "ren"},
    {"沈", "shen"}, {"欧阳", "ouyang"}, {"司马", "sima"}, {"上官", "shangguan"},
};

constexpr Hanzi kGivenCn[] = {
    {"伟", "wei"},  {"芳", "fang"}, {"娜", "na"},    {"敏", "min"},   {"静", "jing"},  {"丽", "li"},
    {"强", "qiang"}, {"磊", "lei"}, {"军", "jun"},   {"洋", "yang"},  {"勇", "yong"},  {"艳", "yan"},
    {"杰", "jie"},  {"娟", "juan"}, {"涛", "tao"},   {"明", "ming"},  {"超", "chao"},  {"秀", "xiu"},
    {"霞", "xia"},  {"平", "ping"}, {"刚", "gang"},  {"桂", "gui"},   {"英", "ying"},  {"华", "hua"},
    {"建", "jian"}, {"文", "wen"},  {"辉", "hui"},   {"玲", "ling"},  {"婷", "ting"},  {"欣", "xin"},
    {"宇", "yu"},   {"浩", "hao"},  {"然", "ran"},   {"子", "zi"},    {"涵", "han"},   {"梓", "zi"},
    {"轩", "xuan"}, {"晨", "chen"}, {"博", "bo"},    {"雨", "yu"},    {"嘉", "jia"},   {"怡", "yi"},
    {"思", "si"},   {"佳", "jia"},  {"俊", "jun"},   {"鹏", "peng"},  {"琳", "lin"},   {"雪", "xue"},
    {"海", "hai"},  {"国", "guo"},  {"志", "zhi"},   {"红", "hong"},  {"春", "chun"},  {"晓", "xiao"},
    {"梅", "mei"},  {"云", "yun"},  {"峰", "feng"},  {"斌", "bin"},
};

struct Latin {
    const char* text;
    const char* ascii;
};

constexpr Latin kGivenWest[] = {
    {"James", "james"},     {"Mary", "mary"},     {"John", "john"},         {"Patricia", "patricia"},
    {"Robert", "robert"},   {"Jennifer", "jennifer"}, {"Michael", "michael"}, {"Linda", "linda"},
    {"William", "william"}, {"Elizabeth", "elizabeth"}, {"David", "david"},   {"Barbara", "barbara"},
    {"Richard", "richard"}, {"Susan", "susan"},   {"Joseph", "joseph"},     {"Jessica", "jessica"},
    {"Thomas", "thomas"},   {"Sarah", "sarah"},   {"Charles", "charles"},   {"Karen", "karen"},
    {"Daniel", "daniel"},   {"Emma", "emma"},     {"Olivia", "olivia"},     {"Noah", "noah"},
    {"Liam", "liam"},       {"Sophia", "sophia"}, {"Lucas", "lucas"},       {"Mia", "mia"},
    {"Ethan", "ethan"},     {"Chloé", "chloe"},   {"José", "jose"},         {"Zoë", "zoe"},
    {"Renée", "renee"},     {"Anna-Lena", "annalena"},
};

constexpr Latin kFamilyWest[] = {
    {"Smith", "smith"},       {"Johnson", "johnson"},   {"Williams", "williams"}, {"Brown", "brown"},
    {"Jones", "jones"},       {"Garcia", "garcia"},     {"Miller", "miller"},     {"Davis", "davis"},
    {"Rodriguez", "rodriguez"}, {"Martinez", "martinez"}, {"Hernandez", "hernandez"}, {"Lopez", "lopez"},
    {"Wilson", "wilson"},     {"Anderson", "anderson"}, {"Taylor", "taylor"},     {"Thomas", "thomas"},
    {"Moore", "moore"},       {"Martin", "martin"},     {"Lee", "lee"},           {"Thompson", "thompson"},
    {"White", "white"},       {"Harris", "harris"},     {"Clark", "clark"},       {"Lewis", "lewis"},
    {"Robinson", "robinson"}, {"Walker", "walker"},     {"Young", "young"},       {"Allen", "allen"},
    {"King", "king"},         {"Wright", "wright"},     {"Müller", "mueller"},    {"O'Brien", "obrien"},
    {"van der Berg", "vanderberg"}, {"Schmidt", "schmidt"},
};

constexpr const char* kDomainsCn[] = {"qq.com", "163.com", "126.com", "sina.com", "foxmail.com", "aliyun.com",
                                      "sohu.com", "139.com", "yeah.net", "outlook.com"};
constexpr const char* kDomainsWest[] = {"gmail.com", "outlook.com", "yahoo.com", "hotmail.com", "icloud.com",
                                        "proton.me", "aol.com", "comcast.net", "me.com", "fastmail.com"};

// Mobile prefixes of the three big Chinese carriers (13x, 15x, 18x).
constexpr int kCnPrefixes[] = {130, 131, 132, 133, 134, 135, 136, 137, 138, 139, 150, 151, 152, 153,
                               155, 156, 157, 158, 159, 180, 181, 182, 183, 184, 185, 186, 187, 188, 189};
// Real US area codes.
constexpr int kUsAreaCodes[] = {212, 213, 206, 303, 305, 310, 312, 404, 408, 415, 503, 512,
                                602, 617, 646, 650, 702, 713, 718, 773, 808, 917, 919, 949};

struct CnCity {
    const char* city;
    const char* region;
    int postcode;
};
constexpr CnCity kCnCities[] = {
    {"北京市", "北京", 100000}, {"上海市", "上海", 200000},   {"广州市", "广东省", 510000},
    {"深圳市", "广东省", 518000}, {"杭州市", "浙江省", 310000}, {"成都市", "四川省", 610000},
    {"南京市", "江苏省", 210000}, {"武汉市", "湖北省", 430000}, {"西安市", "陕西省", 710000},
    {"重庆市", "重庆", 400000}, {"苏州市", "江苏省", 215000},   {"天津市", "天津", 300000},
};
constexpr const char* kCnDistricts[] = {"朝阳区", "海淀区", "浦东新区", "徐汇区", "天河区", "南山区",
                                        "西湖区", "武侯区", "鼓楼区", "江汉区", "雁塔区", "和平区"};
constexpr const char* kCnRoads[] = {"建国路", "人民路", "中山路", "解放路", "长江路", "和平路",
                                    "南京路", "学院路", "科技园路", "滨江大道", "文三路", "天府大道"};

struct UsCity {
    const char* city;
    const char* region;
    int zip;
};
constexpr UsCity kUsCities[] = {
    {"San Francisco", "CA", 94100}, {"New York", "NY", 10000}, {"Seattle", "WA", 98100},
    {"Chicago", "IL", 60600},       {"Boston", "MA", 2100},    {"Los Angeles", "CA", 90000},
    {"Austin", "TX", 78700},        {"Denver", "CO", 80200},
};
constexpr const char* kUsStreets[] = {"Market St", "Oak Ave", "Maple Dr", "Pine St", "Cedar Ln",
                                      "Main St", "Broadway", "Elm St", "Washington Ave", "Lake Shore Dr"};

constexpr const char* kTags[] = {"vip", "wholesale", "newsletter", "会员", "老客户", "高价值",
                                 "churn-risk", "trade-fair-2024", "wechat", "b2b"};
constexpr const char* kSources[] = {"shop", "wechat", "taobao", "website", "trade fair 2024",
                                    "referral", "tmall", "phone", "jd.com", "instagram"};
constexpr const char* kLevels[] = {"silver", "gold", "platinum", "普通会员", "黄金会员"};
constexpr const char* kJobsCn[] = {"采购经理", "工程师", "教师", "店长", "财务主管", "设计师"};
constexpr const char* kJobsWest[] = {"Purchasing Manager", "Engineer", "Teacher", "Owner", "Accountant", "Designer"};
constexpr const char* kNotes[] = {"偏好周末送货", "Prefers email contact", "大客户，季度回访", "Call after 6pm",
                                  "发票抬头需公司全称"};

std::string pad(std::uint64_t v, int width) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%0*llu", width, static_cast<unsigned long long>(v));
    return buf;
}

std::string capitalized(std::string s) {
    if (!s.empty() && s[0] >= 'a' && s[0] <= 'z') s[0] = static_cast<char>(s[0] - 'a' + 'A');
    return s;
}

std::string upper(std::string s) {
    for (auto& ch : s)
        if (ch >= 'a' && ch <= 'z') ch = static_cast<char>(ch - 'a' + 'A');
    return s;
}

// The k-th contact slot of customer i: a unique number per (i, k), k in {0, 1}.
std::uint64_t slot(std::uint64_t i, int k) { return 2 * i + static_cast<std::uint64_t>(k); }

// 8 subscriber digits, a bijection of the slot on [0, 10^8): unique numbers, random-looking.
std::uint64_t cn_subscriber(std::uint64_t s) { return (s * 48271 + 12345678) % 100000000; }

struct UsNumber {
    int area, exchange, line;
};
UsNumber us_number(std::uint64_t s, int area) {
    std::uint64_t x = (s * 7919 + 1234567) % 8000000;  // bijection on [0, 8*10^6)
    int exchange = 200 + static_cast<int>(x / 10000);  // NXX: 200..999
    if (exchange % 100 == 11 || exchange == 555) ++exchange;  // N11 and 555 are not subscriber exchanges
    return {area, exchange, static_cast<int>(x % 10000)};
}

// How people type a Chinese mobile number; `home_cn` = their address is in China, so the
// national form is understood.
std::string cn_typed(int prefix, std::uint64_t sub, bool home_cn, Rng& r) {
    std::string p = std::to_string(prefix), a = pad(sub / 10000, 4), b = pad(sub % 10000, 4);
    auto form = r.below(10);
    if (!home_cn) form = 6 + form % 3;  // must carry the country code, with '+' (00 is China's IDD only)
    switch (form) {
        case 0: case 1: case 2: case 3: case 4: return p + a + b;
        case 5: return p + " " + a + " " + b;
        case 6: return "+86 " + p + " " + a + " " + b;
        case 7: return "+86" + p + a + b;
        case 8: return "+86-" + p + "-" + a + "-" + b;
        default: return "0086 " + p + a + b;
    }
}

std::string us_typed(const UsNumber& n, bool home_us, Rng& r) {
    std::string area = std::to_string(n.area), ex = std::to_string(n.exchange), line = pad(static_cast<std::uint64_t>(n.line), 4);
    auto form = r.below(8);
    if (!home_us) form = 4 + form % 4;
    switch (form) {
        case 0: case 1: return "(" + area + ") " + ex + "-" + line;
        case 2: return area + "-" + ex + "-" + line;
        case 3: return area + "." + ex + "." + line;
        case 4: return "+1 " + area + "-" + ex + "-" + line;
        case 5: return "+1 (" + area + ") " + ex + "-" + line;
        case 6: return "+1" + area + ex + line;
        default: return "+1 " + area + " " + ex + " " + line;
    }
}

}  // namespace

CustomerGenerator::CustomerGenerator(std::uint64_t seed, Timestamp now) : seed_(seed), now_(now) {}

Customer CustomerGenerator::customer(std::uint64_t i) const {
    Rng r(seed_ ^ (i * 0xD1B54A32D192ED03ull + 0x8CB92BA72F3D8DD7ull));
    Customer c;
    const bool chinese = r.chance(0.7);
    std::string name_ascii_given, name_ascii_family;
    if (chinese) {
        const auto& f = r.pick(kFamilyCn);
        const auto& g1 = r.pick(kGivenCn);
        c.family_name = f.text;
        c.given_name = g1.text;
        name_ascii_family = f.pinyin;
        name_ascii_given = g1.pinyin;
        if (r.chance(0.6)) {
            const auto& g2 = r.pick(kGivenCn);
            c.given_name += g2.text;
            name_ascii_given += g2.pinyin;
        }
    } else {
        const auto& g = r.pick(kGivenWest);
        const auto& f = r.pick(kFamilyWest);
        c.given_name = g.text;
        c.family_name = f.text;
        name_ascii_given = g.ascii;
        name_ascii_family = f.ascii;
    }
    auto g = r.below(20);
    c.gender = g < 9 ? Gender::female : g < 18 ? Gender::male : Gender::unspecified;

    // Where they live decides how their numbers are written.
    Address a;
    a.primary = true;
    a.label = r.chance(0.7) ? "home" : (r.chance(0.5) ? "work" : "shipping");
    const bool home_cn = chinese ? true : r.chance(0.2);
    if (home_cn) {
        const auto& city = r.pick(kCnCities);
        a.city = city.city;
        a.region = city.region;
        a.postcode = std::to_string(city.postcode + static_cast<int>(r.below(100)) * 10);
        a.street = std::string(r.pick(kCnDistricts)) + r.pick(kCnRoads) + std::to_string(1 + r.below(300)) + "号";
        if (r.chance(0.6))
            a.street += std::to_string(1 + r.below(30)) + "栋" + std::to_string(1 + r.below(4)) + "单元" +
                        std::to_string(1 + r.below(30)) + pad(1 + r.below(4), 2) + "室";
        a.country = "CN";
    } else {
        const auto& city = r.pick(kUsCities);
        a.city = city.city;
        a.region = city.region;
        a.postcode = pad(static_cast<std::uint64_t>(city.zip) + r.below(100), 5);
        a.street = std::to_string(1 + r.below(9999)) + " " + r.pick(kUsStreets);
        if (r.chance(0.3)) a.street += " Apt " + std::to_string(1 + r.below(20)) + static_cast<char>('A' + r.below(6));
        a.country = "US";
    }
    c.addresses.push_back(std::move(a));

    // 1-2 emails, unique: the local part ends in the slot number.
    const int emails = r.chance(0.6) ? 1 : 2;
    for (int k = 0; k < emails; ++k) {
        std::string n = std::to_string(slot(i, k));
        std::string local, domain;
        if (chinese) {
            domain = r.pick(kDomainsCn);
            auto style = r.below(4);
            if (domain == "qq.com" && style == 0) local = std::to_string(100000 + slot(i, k));
            else if (style <= 1) local = name_ascii_family + name_ascii_given + n;
            else if (style == 2) local = name_ascii_given + "." + name_ascii_family + n;
            else local = name_ascii_family + "_" + name_ascii_given + n;
        } else {
            domain = r.pick(kDomainsWest);
            auto style = r.below(3);
            if (style == 0) local = name_ascii_given + "." + name_ascii_family + n;
            else if (style == 1) local = name_ascii_given.substr(0, 1) + name_ascii_family + n;
            else local = name_ascii_given + "_" + name_ascii_family + n;
        }
        if (k == 1 && r.chance(0.5)) domain = "example-trading.com.cn";  // a work address
        Email e;
        e.address = local + "@" + domain;
        if (r.chance(0.2)) e.address = capitalized(local) + "@" + (r.chance(0.5) ? upper(domain) : capitalized(domain));
        e.label = k == 0 ? "personal" : "work";
        e.primary = k == 0;
        c.emails.push_back(std::move(e));
    }

    // 1-2 phones, unique: the subscriber digits are a bijection of the slot.
    const int phones = r.chance(0.65) ? 1 : 2;
    for (int k = 0; k < phones; ++k) {
        Phone p;
        p.primary = k == 0;
        p.label = k == 0 ? "mobile" : (r.chance(0.5) ? "work" : "home");
        bool cn = home_cn ? (k == 0 || r.chance(0.85)) : (k == 1 && r.chance(0.5));
        if (cn) {
            p.number = cn_typed(r.pick(kCnPrefixes), cn_subscriber(slot(i, k)), home_cn, r);
        } else {
            p.number = us_typed(us_number(slot(i, k), r.pick(kUsAreaCodes)), !home_cn, r);
        }
        c.phones.push_back(std::move(p));
    }

    auto tags = r.below(10);
    if (tags >= 4) c.tags.push_back(r.pick(kTags));
    if (tags >= 8) c.tags.push_back(r.pick(kTags));

    if (r.chance(0.05)) {
        c.kind = CustomerKind::company;
        c.company_name = chinese ? std::string(r.pick(kCnCities).city).substr(0, 6) + r.pick(kGivenCn).text +
                                       r.pick(kGivenCn).text + (r.chance(0.5) ? "贸易有限公司" : "科技有限公司")
                                 : std::string(r.pick(kFamilyWest).text) + (r.chance(0.5) ? " Logistics LLC" : " Trading Inc.");
    }
    if (r.chance(0.3)) c.job_title = chinese ? r.pick(kJobsCn) : r.pick(kJobsWest);
    if (r.chance(0.6)) {
        int y = 1950 + static_cast<int>(r.below(56));
        unsigned m = 1 + static_cast<unsigned>(r.below(12)), d = 1 + static_cast<unsigned>(r.below(28));
        c.birthday = Date{std::chrono::year(y), std::chrono::month(m), std::chrono::day(d)};
    }
    c.source = r.pick(kSources);
    if (r.chance(0.5)) c.membership_level = r.pick(kLevels);
    if (r.chance(0.1)) c.notes = r.pick(kNotes);
    c.created_at = now_ - std::chrono::seconds(r.below(5ull * 365 * 86400));
    return c;
}

std::string CustomerGenerator::email_query(const std::string& email, std::uint64_t salt) const {
    Rng r(seed_ ^ (salt * 0x9E3779B97F4A7C15ull));
    std::string s = email;
    switch (r.below(4)) {
        case 0: break;                        // as stored
        case 1: s = upper(s); break;          // ALL CAPS
        case 2: {                             // every letter flipped at random
            for (auto& ch : s)
                if (ch >= 'a' && ch <= 'z' && r.chance(0.5)) ch = static_cast<char>(ch - 'a' + 'A');
            break;
        }
        default: s = capitalized(s); break;  // Capitalized
    }
    switch (r.below(4)) {
        case 0: break;
        case 1: s = "  " + s; break;
        case 2: s += " \t"; break;
        default: s = " " + s + "\n"; break;
    }
    return s;
}

std::string CustomerGenerator::phone_query(const std::string& e164, std::uint64_t salt) const {
    Rng r(seed_ ^ (salt * 0xC2B2AE3D27D4EB4Full));
    if (e164.rfind("+86", 0) == 0 && e164.size() == 14) {
        std::string n = e164.substr(3), p = n.substr(0, 3), a = n.substr(3, 4), b = n.substr(7);
        switch (r.below(7)) {
            case 0: return p + "-" + a + "-" + b;
            case 1: return "+86 " + p + " " + a + " " + b;
            case 2: return "0086 " + n;
            case 3: return p + " " + a + " " + b;
            case 4: return n;
            case 5: return "(+86) " + p + "-" + a + "-" + b;
            default: return "+86" + n;
        }
    }
    if (e164.rfind("+1", 0) == 0 && e164.size() == 12) {
        std::string area = e164.substr(2, 3), ex = e164.substr(5, 3), line = e164.substr(8);
        switch (r.below(5)) {
            case 0: return "+1 (" + area + ") " + ex + "-" + line;
            case 1: return "+1 " + area + "-" + ex + "-" + line;
            case 2: return e164;
            case 3: return "001 " + area + " " + ex + " " + line;
            default: return "+1." + area + "." + ex + "." + line;
        }
    }
    return e164;
}

}  // namespace clientele::bench
