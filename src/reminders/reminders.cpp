// Care reminders (docs/reminders.md): generated from one pass over the visible customers and
// one over their interactions, stored once per occasion, listed through an index.
#include <algorithm>
#include <array>
#include <limits>
#include <optional>
#include <unordered_map>

#include "clientele/analytics.hpp"
#include "clientele/database.hpp"
#include "clientele/reminders.hpp"
#include "json/json.hpp"
#include "json/reminder_json.hpp"
#include "reminders/holidays.hpp"
#include "reminders/reminder_writes.hpp"
#include "store/audit_trail.hpp"
#include "store/session.hpp"
#include "store/stored.hpp"
#include "store/where.hpp"

namespace clientele {

namespace {

constexpr std::array<std::string_view, 7> kKindNames = {"birthday", "anniversary", "holiday", "not_contacted",
                                                        "reverify", "win_back",    "follow_up"};
constexpr std::array<std::string_view, 4> kStatusNames = {"open", "snoozed", "done", "dismissed"};
constexpr std::array<std::string_view, 4> kChannels = {"wechat", "phone", "sms", "email"};
constexpr std::array<std::string_view, 3> kTiers = {"low", "medium", "high"};
constexpr int kMaxHorizon = 366;
/// A greeting (birthday, anniversary, holiday) left open is listed this many days after its
/// day, then no more: a birthday wish a year late is no wish.
constexpr int kGreetingGraceDays = 7;
constexpr std::int64_t kNone = std::numeric_limits<std::int64_t>::min();

ReminderStatus parse_status(std::string_view s, std::string_view) {
    for (std::size_t i = 0; i < kStatusNames.size(); ++i)
        if (kStatusNames[i] == s) return static_cast<ReminderStatus>(i);
    throw InvalidInput("status", "unknown reminder status '" + std::string(s) + "'");
}

std::int64_t today() { return std::chrono::floor<std::chrono::days>(now_utc()).time_since_epoch().count(); }

std::int64_t day_of(std::int64_t seconds) {
    return seconds / 86400 - ((seconds % 86400) < 0);
}

void check_days(int n, const std::string& field, int least) {
    if (n < least)
        throw InvalidInput(field, std::to_string(n) + (n < 0 ? " is negative" : " is too small") +
                                      ": give a number of days of at least " + std::to_string(least));
}

void check_rules(const ReminderRules& r) {
    check_days(r.not_contacted_days, "not_contacted_days", 1);
    for (const auto& [tier, n] : r.not_contacted_days_by_tier) {
        if (std::find(kTiers.begin(), kTiers.end(), tier) == kTiers.end())
            throw InvalidInput("not_contacted_days_by_tier." + tier, "unknown value tier (known: low, medium, high)");
        check_days(n, "not_contacted_days_by_tier." + tier, 1);
    }
    for (const auto& [segment, n] : r.not_contacted_days_by_segment)
        check_days(n, "not_contacted_days_by_segment." + segment, 1);
    check_days(r.reverify_days, "reverify_days", 1);
    check_days(r.win_back_within_days, "win_back_within_days", 0);
    check_days(r.at_risk_days, "at_risk_days", 0);
    check_days(r.churned_days, "churned_days", 0);
    if (r.leap_day != "feb28" && r.leap_day != "mar1")
        throw InvalidInput("leap_day", "'" + r.leap_day + "' is not a rule: use feb28 or mar1");
    for (const auto& h : r.holiday_list) {
        const auto known = reminder_holiday_names();
        if (std::find(known.begin(), known.end(), h) == known.end()) holiday_date(h, 2000);  // throws, naming it
    }
    for (const auto& c : r.channels)
        if (std::find(kChannels.begin(), kChannels.end(), c) == kChannels.end())
            throw InvalidInput("channels", "unknown channel '" + c + "' (known: wechat, phone, sms, email)");
}

ReminderRules load_rules(store::Session& impl) {
    auto q = impl.conn.query("SELECT rules FROM reminder_rules WHERE id = 1");
    if (!q->step()) return {};
    try {
        auto rules = reminder_rules_from_json(parse_json(q->text_view(0), "rules"));
        check_rules(rules);
        return rules;
    } catch (const InvalidInput& e) {
        throw CorruptData(std::string("the stored reminder rules do not read back: ") + e.what());
    }
}

/// A month and day in `year`; 29 February in a common year by the leap-day rule.
std::int64_t in_year(unsigned month, unsigned day, int year, bool march_first) {
    using namespace std::chrono;
    if (month == 2 && day == 29 && !std::chrono::year(year).is_leap())
        return to_days(march_first ? Date(std::chrono::year(year), March, std::chrono::day(1))
                                   : Date(std::chrono::year(year), February, std::chrono::day(28)));
    return to_days(Date(std::chrono::year(year), std::chrono::month(month), std::chrono::day(day)));
}

int year_of(std::int64_t days) { return static_cast<int>(from_days(days).year()); }

std::string date_text(std::int64_t days) { return format_date(from_days(days)); }

/// Slots of the visible customers (ascending internal id) for ids met in other rows.
class Slots {
public:
    explicit Slots(const std::vector<std::int64_t>& ids) : ids_(ids) {
        if (ids.empty()) return;
        base_ = ids.front();
        const auto range = ids.back() - base_ + 1;
        if (range <= static_cast<std::int64_t>(ids.size()) * 8 + 1024) {
            dense_.assign(static_cast<std::size_t>(range), -1);
            for (std::size_t i = 0; i < ids.size(); ++i) dense_[static_cast<std::size_t>(ids[i] - base_)] = static_cast<std::int32_t>(i);
        }
    }
    /// -1 when `id` is not among them.
    std::int32_t of(std::int64_t id) const {
        if (!dense_.empty()) {
            const auto k = id - base_;
            return k < 0 || k >= static_cast<std::int64_t>(dense_.size()) ? -1 : dense_[static_cast<std::size_t>(k)];
        }
        auto it = std::lower_bound(ids_.begin(), ids_.end(), id);
        return it == ids_.end() || *it != id ? -1 : static_cast<std::int32_t>(it - ids_.begin());
    }

private:
    const std::vector<std::int64_t>& ids_;
    std::int64_t base_ = 0;
    std::vector<std::int32_t> dense_;
};

/// What generation reads: the visible active customers' columns, then one pass over their
/// interactions.
struct CareColumns {
    std::vector<std::int64_t> id, birthday, verified;  ///< days; birthday kNone when unknown
    std::vector<std::int64_t> first_purchase, last_contact;  ///< days; kNone when none
    std::vector<std::int64_t> tx_customer, tx_time, tx_amount;  ///< purchases and refunds (lifecycle)
    std::vector<std::int64_t> rfm_customer, rfm_time, rfm_amount;  ///< those in the tier currency
};

CareColumns read_columns(store::Session& impl, std::int64_t as_of, bool need_interactions, bool need_rfm,
                         const std::string& currency) {
    CareColumns c;
    {
        auto q = impl.conn.query("SELECT c.id, c.birthday, coalesce(c.last_verified_at, c.created_at) FROM customers c "
                                 "WHERE " + impl.visible + " AND c.status = 'active' ORDER BY c.id");
        while (q->step()) {
            c.id.push_back(q->integer(0));
            c.birthday.push_back(q->is_null(1) ? kNone : q->integer(1));
            c.verified.push_back(day_of(q->integer(2)));
        }
    }
    c.first_purchase.assign(c.id.size(), kNone);
    c.last_contact.assign(c.id.size(), kNone);
    if (!need_interactions || c.id.empty()) return c;
    const Slots slots(c.id);
    auto q = impl.conn.query("SELECT i.customer_id, i.occurred_at, i.kind, i.amount_minor, i.currency FROM interactions i "
                             "JOIN customers c ON c.id = i.customer_id WHERE " + impl.visible + " AND c.status = 'active'");
    while (q->step()) {
        const auto slot = slots.of(q->integer(0));
        if (slot < 0) continue;
        const auto t = q->integer(1);
        const auto day = day_of(t);
        const auto kind = q->text_view(2);
        const auto s = static_cast<std::size_t>(slot);
        if (day > as_of) continue;  // not yet happened on the day asked about
        if (kind != "note") c.last_contact[s] = std::max(c.last_contact[s], day);
        const bool purchase = kind == "purchase";
        if (!purchase && kind != "refund") continue;
        const auto amount = q->is_null(3) ? 0 : q->integer(3);
        if (!purchase && amount >= 0) continue;  // a zero refund changes nothing (as in analytics)
        if (purchase && (c.first_purchase[s] == kNone || day < c.first_purchase[s])) c.first_purchase[s] = day;
        c.tx_customer.push_back(c.id[s]);
        c.tx_time.push_back(t);
        c.tx_amount.push_back(amount);
        if (need_rfm && q->text_view(4) == currency) {
            c.rfm_customer.push_back(c.id[s]);
            c.rfm_time.push_back(t);
            c.rfm_amount.push_back(amount);
        }
    }
    return c;
}

/// Gathers the generated reminders in a temporary table and stores them with one
/// INSERT OR IGNORE ... SELECT. Inserted one by one, each statement rebuilt the lookup
/// tables of the reminders table's CHECK (kind IN ..., status IN ...): over half the
/// time of a generation went to that, not to storing anything.
class Inserter {
public:
    explicit Inserter(store::Session& impl)
        : impl_(impl),
          now_(store::seconds(now_utc())),
          ready_(prepare(impl)),
          q_(impl.conn.query("INSERT INTO temp.new_reminders VALUES (?, ?, ?, ?, ?)")) {}
    void add(std::int64_t customer, ReminderKind kind, std::string_view occasion, std::int64_t due,
             std::string_view reason) {
        q_->reset();
        q_->bind(1, customer).bind(2, to_string(kind)).bind(3, occasion).bind(4, due).bind(5, reason).run();
    }
    /// Stores what was gathered; returns how many were new.
    std::int64_t store() {
        auto q = impl_.conn.query("INSERT OR IGNORE INTO reminders(customer_id, kind, occasion, due_on, show_on, reason, "
                                  "created_at, created_by) SELECT customer_id, kind, occasion, due_on, due_on, reason, ?, ? "
                                  "FROM temp.new_reminders ORDER BY customer_id, kind, occasion, due_on");
        q->bind(1, now_).bind(2, impl_.user_id).run();
        const auto created = impl_.conn.changes();
        impl_.conn.exec("DELETE FROM temp.new_reminders");
        return created;
    }

private:
    static bool prepare(store::Session& impl) {
        impl.conn.exec("CREATE TEMP TABLE IF NOT EXISTS new_reminders (customer_id INTEGER, kind TEXT, occasion TEXT, "
                       "due_on INTEGER, reason TEXT)");
        impl.conn.exec("DELETE FROM temp.new_reminders");
        return true;
    }
    store::Session& impl_;
    std::int64_t now_;
    bool ready_;
    store::Query q_;
};

/// The not-contacted limit of each customer: its segment's, else its tier's, else the default.
std::vector<int> contact_limits(const CareColumns& c, const ReminderRules& rules, Date as_of) {
    std::vector<int> limit(c.id.size(), rules.not_contacted_days);
    if (rules.not_contacted_days_by_tier.empty() && rules.not_contacted_days_by_segment.empty()) return limit;
    RfmOptions o;
    o.as_of = std::chrono::sys_days(as_of);
    const auto scores = rfm({c.rfm_customer, c.rfm_time, c.rfm_amount}, o);
    const Slots slots(c.id);
    for (std::size_t i = 0; i < scores.size(); ++i) {
        const auto s = slots.of(scores.customer[i]);
        if (s < 0) continue;
        auto& n = limit[static_cast<std::size_t>(s)];
        if (auto t = rules.not_contacted_days_by_tier.find(std::string(to_string(scores.value_tier[i])));
            t != rules.not_contacted_days_by_tier.end())
            n = t->second;
        if (auto g = rules.not_contacted_days_by_segment.find(std::string(scores.segment_name(i)));
            g != rules.not_contacted_days_by_segment.end())
            n = g->second;
    }
    return limit;
}

std::int64_t generate_in(store::Session& impl, Date as_of, int horizon) {
    if (horizon < 0 || horizon > kMaxHorizon)
        throw InvalidInput("horizon", std::to_string(horizon) + " days is outside 0.." + std::to_string(kMaxHorizon));
    const auto rules = load_rules(impl);
    const std::int64_t a = to_days(as_of), b = a + horizon;
    const bool march_first = rules.leap_day == "mar1";
    const bool tiers = rules.not_contacted &&
                       !(rules.not_contacted_days_by_tier.empty() && rules.not_contacted_days_by_segment.empty());
    const auto currency = rules.currency.empty() ? impl.default_currency : rules.currency;
    const auto c = read_columns(impl, a, rules.anniversary || rules.not_contacted || rules.win_back, tiers, currency);
    Inserter out(impl);
    const int first_year = year_of(a), last_year = year_of(b);
    const auto n = c.id.size();

    // Birthdays and anniversaries: the day in each year the window touches.
    auto yearly = [&](std::size_t i, std::int64_t since, ReminderKind kind) {
        const Date d = from_days(since);
        for (int y = first_year; y <= last_year; ++y) {
            const auto due = in_year(unsigned(d.month()), unsigned(d.day()), y, march_first);
            if (due < a || due > b) continue;
            const int years = y - int(d.year());
            const bool moved = unsigned(d.month()) == 2 && unsigned(d.day()) == 29 && !std::chrono::year(y).is_leap();
            const std::string leap = moved ? std::string(" (29 Feb, on ") + date_text(due).substr(5) + " this year)" : "";
            if (kind == ReminderKind::birthday)
                out.add(c.id[i], kind, "", due,
                        "birthday on " + date_text(due) + leap + (years > 0 ? ", turns " + std::to_string(years) : ""));
            else if (years >= 1)
                out.add(c.id[i], kind, std::to_string(years), due,
                        std::to_string(years) + (years == 1 ? " year" : " years") + " since the first purchase on " +
                            date_text(since) + leap);
        }
    };
    if (rules.birthday)
        for (std::size_t i = 0; i < n; ++i)
            if (c.birthday[i] != kNone) yearly(i, c.birthday[i], ReminderKind::birthday);
    if (rules.anniversary)
        for (std::size_t i = 0; i < n; ++i)
            if (c.first_purchase[i] != kNone) yearly(i, c.first_purchase[i], ReminderKind::anniversary);

    if (rules.holidays)
        for (const auto& h : rules.holiday_list)
            for (int y = first_year; y <= last_year; ++y) {
                const auto due = to_days(holiday_date(h, y));
                if (due < a || due > b) continue;
                const auto reason = std::string(reminders::holiday_label(h)) + " on " + date_text(due);
                for (std::size_t i = 0; i < n; ++i) out.add(c.id[i], ReminderKind::holiday, h, due, reason);
            }

    if (rules.not_contacted) {
        const auto limit = contact_limits(c, rules, as_of);
        for (std::size_t i = 0; i < n; ++i) {
            // Never contacted: counted from when the customer was entered (verified holds
            // created_at then, or the verification, itself a contact with the customer).
            const auto since = c.last_contact[i] != kNone ? c.last_contact[i] : c.verified[i];
            const auto due = since + limit[i];
            if (due > b) continue;
            out.add(c.id[i], ReminderKind::not_contacted, "", due,
                    (c.last_contact[i] != kNone ? "no contact since " : "never contacted; entered ") + date_text(since) +
                        " (limit " + std::to_string(limit[i]) + " days)");
        }
    }
    if (rules.reverify)
        for (std::size_t i = 0; i < n; ++i) {
            const auto due = c.verified[i] + rules.reverify_days;
            if (due > b) continue;
            out.add(c.id[i], ReminderKind::reverify, "", due,
                    "contact details last verified (or entered) on " + date_text(c.verified[i]) + ", over " +
                        std::to_string(rules.reverify_days) + " days ago");
        }
    if (rules.win_back) {
        LifecycleOptions o;
        o.as_of = std::chrono::sys_days(as_of);
        o.at_risk_days = rules.at_risk_days;
        o.churned_days = std::max(rules.churned_days, rules.at_risk_days);
        const auto stages = lifecycle({c.tx_customer, c.tx_time, c.tx_amount}, c.id, o);
        for (std::size_t i = 0; i < stages.size(); ++i) {
            const auto st = stages.stage[i];
            if (st != LifecycleStage::at_risk && st != LifecycleStage::churned) continue;
            const auto since = stages.stage_since[i];
            if (since == LifecycleStages::kNoDate || since < a - rules.win_back_within_days) continue;
            out.add(stages.customer[i], ReminderKind::win_back, to_string(st), since,
                    "entered " + std::string(to_string(st)) + " on " + date_text(since) + ": win them back");
        }
    }
    return out.store();
}

constexpr const char* kColumns =
    "SELECT r.id, c.uuid, c.external_id, c.display_name, r.kind, r.occasion, r.due_on, r.show_on, r.status, r.reason, "
    "r.note, iu.uuid, r.created_at, r.created_by, c.owner_id, c.id ";
constexpr const char* kJoins = "LEFT JOIN interactions iu ON iu.id = r.interaction_id";

/// Usernames by id, read once per list: two joins with users per listed reminder cost
/// more than the whole (small) table.
class UserNames {
public:
    explicit UserNames(store::Session& impl) {
        auto q = impl.conn.query("SELECT id, username FROM users");
        while (q->step()) names_.emplace(q->integer(0), q->text(1));
    }
    std::string of(store::Statement& q, int column) const {
        if (q.is_null(column)) return {};
        const auto it = names_.find(q.integer(column));
        return it == names_.end() ? std::string() : it->second;
    }

private:
    std::unordered_map<std::int64_t, std::string> names_;
};

/// The first channel of the preference the customer has not denied and can be reached on:
/// granted ones first, then those never asked (wechat only when granted: no WeChat id is
/// stored to reach an unasked customer by).
std::string suggest_channel(const ReminderRules& rules, std::string_view consents, bool phone, bool email) {
    auto status_of = [&](std::string_view ch) -> std::string_view {
        std::size_t pos = 0;
        while (pos < consents.size()) {
            auto end = consents.find(',', pos);
            if (end == std::string_view::npos) end = consents.size();
            const auto item = consents.substr(pos, end - pos);
            const auto eq = item.find('=');
            if (item.substr(0, eq) == ch) return item.substr(eq + 1);
            pos = end + 1;
        }
        return "unknown";
    };
    auto reachable = [&](std::string_view ch) { return ch == "email" ? email : ch == "wechat" ? true : phone; };
    for (std::string_view wanted : {"granted", "unknown"})
        for (const auto& ch : rules.channels) {
            if (status_of(ch) != wanted || !reachable(ch)) continue;
            if (wanted == "unknown" && ch == "wechat") continue;
            return ch;
        }
    return "";
}

/// The suggested channel of each customer matching `customers` (a condition on alias c with
/// only integers spliced in), from three set-based reads (consents, phones, emails) rather
/// than three lookups per listed reminder, which were most of the due list's time.
class ChannelBook {
public:
    ChannelBook(store::Session& impl, const ReminderRules& rules, const std::string& customers) : rules_(rules) {
        const std::string join = " JOIN customers c ON c.id = x.customer_id WHERE " + customers;
        {
            auto q = impl.conn.query("SELECT x.customer_id, x.channel, x.status FROM customer_consents x" + join);
            while (q->step()) {
                auto& r = reach_[q->integer(0)];
                if (!r.consents.empty()) r.consents += ',';
                r.consents.append(q->text_view(1)).append("=").append(q->text_view(2));
            }
        }
        for (const char* table : {"customer_phones", "customer_emails"}) {
            auto q = impl.conn.query(std::string("SELECT DISTINCT x.customer_id FROM ") + table + " x" + join);
            const bool phone = table == std::string_view("customer_phones");
            while (q->step()) (phone ? reach_[q->integer(0)].phone : reach_[q->integer(0)].email) = true;
        }
        unreachable_ = suggest_channel(rules_, "", false, false);
    }
    const std::string& of(std::int64_t customer) {
        const auto it = reach_.find(customer);
        if (it == reach_.end()) return unreachable_;
        auto& r = it->second;
        if (!r.channel) r.channel = suggest_channel(rules_, r.consents, r.phone, r.email);
        return *r.channel;
    }

private:
    struct Reach {
        std::string consents;
        bool phone = false, email = false;
        std::optional<std::string> channel;
    };
    const ReminderRules& rules_;
    std::unordered_map<std::int64_t, Reach> reach_;
    std::string unreachable_;
};

Reminder read_row(store::Statement& q, ChannelBook& channels, const UserNames& users) {
    Reminder r;
    r.id = q.integer(0);
    r.customer_id = store::uuid_from_blob(q.blob(1));
    r.customer = q.is_null(2) ? r.customer_id.to_string() : q.text(2);
    r.customer_name = q.text(3);
    r.kind = store::stored(parse_reminder_kind, q.text_view(4), "kind", "reminder", r.id);
    r.occasion = q.text(5);
    r.due_on = from_days(q.integer(6));
    r.status = store::stored(parse_status, q.text_view(8), "status", "reminder", r.id);
    if (r.status == ReminderStatus::snoozed) r.snoozed_until = from_days(q.integer(7));
    r.reason = q.text(9);
    r.note = q.text(10);
    if (!q.is_null(11)) r.interaction = store::uuid_from_blob(q.blob(11));
    r.created_at = store::from_seconds(q.integer(12));
    r.created_by = users.of(q, 13);
    r.owner = users.of(q, 14);
    r.channel = channels.of(q.integer(15));
    return r;
}

Reminder get_in(store::Session& impl, std::int64_t id) {
    auto q = impl.conn.query(std::string(kColumns) + "FROM reminders r JOIN customers c ON c.id = r.customer_id " +
                             kJoins + " WHERE r.id = ? AND " + impl.visible);
    q->bind(1, id);
    if (!q->step())
        throw NotFound("reminder id " + std::to_string(id) + " not found (or its customer is not visible to user '" +
                       impl.user.username + "')");
    const auto rules = load_rules(impl);
    ChannelBook channels(impl, rules, "c.id = " + std::to_string(q->integer(15)));
    return read_row(*q, channels, UserNames(impl));
}

/// The reminder, still open or snoozed, that a change is about to close or move.
Reminder pending(store::Session& impl, std::int64_t id, std::string_view change) {
    auto r = get_in(impl, id);
    if (r.status == ReminderStatus::done || r.status == ReminderStatus::dismissed)
        throw InvalidInput("status", "cannot " + std::string(change) + " reminder " + std::to_string(id) + ": it is " +
                                         std::string(to_string(r.status)) + " already");
    return r;
}

void close(store::Session& impl, std::int64_t id, ReminderStatus status, std::string_view note,
           std::optional<std::int64_t> interaction) {
    auto q = impl.conn.query("UPDATE reminders SET status = ?, note = CASE WHEN ? = '' THEN note ELSE ? END, "
                             "interaction_id = ?, closed_at = ? WHERE id = ?");
    q->bind(1, to_string(status)).bind(2, note).bind(3, note).bind(4, interaction);
    q->bind(5, store::seconds(now_utc())).bind(6, id).run();
}

void audit_change(store::Session& impl, const Reminder& r, std::string_view action, nlohmann::json detail) {
    detail["reminder"] = r.id;
    detail["kind"] = to_string(r.kind);
    store::audit(impl, {"reminder." + std::string(action), r.customer_id, {}, std::move(detail)});
}

}  // namespace

std::string_view to_string(ReminderKind k) { return kKindNames[static_cast<std::size_t>(k)]; }
std::string_view to_string(ReminderStatus s) { return kStatusNames[static_cast<std::size_t>(s)]; }

ReminderKind parse_reminder_kind(std::string_view s, std::string_view field) {
    for (std::size_t i = 0; i < kKindNames.size(); ++i)
        if (kKindNames[i] == s) return static_cast<ReminderKind>(i);
    throw InvalidInput(std::string(field), "unknown reminder kind '" + std::string(s) +
                                               "' (known: birthday, anniversary, holiday, not_contacted, reverify, "
                                               "win_back, follow_up)");
}

namespace {

std::int64_t generate_audited(store::Session& impl, Date as_of, int horizon_days) {
    const auto created = generate_in(impl, as_of, horizon_days);
    if (created > 0)
        store::audit(impl, {"reminder.generate", std::nullopt, {},
                            {{"as_of", format_date(as_of)}, {"horizon", horizon_days}, {"created", created}}});
    return created;
}

/// What a generation for this user, day and horizon saw: every change to customers,
/// interactions, users or the rules writes an audit entry, so while the trail's last id is
/// the same, generating again could only find what is stored already. Empty with auditing
/// off: nothing then tells a change, and the due list generates every time.
std::string generation_stamp(store::Session& impl, Date as_of, int horizon_days) {
    if (!impl.audit_enabled) return {};
    auto q = impl.conn.query("SELECT coalesce(max(id), 0) FROM audit_log");
    q->step();
    return format_date(as_of) + "+" + std::to_string(horizon_days) + "@" + std::to_string(q->integer(0));
}

std::string stamp_key(const store::Session& impl) { return "reminders.generated." + std::to_string(impl.user_id); }

std::string stored_stamp(store::Session& impl) {
    auto q = impl.conn.query("SELECT value FROM settings WHERE key = ?");
    q->bind(1, stamp_key(impl));
    return q->step() ? q->text(0) : std::string();
}

/// The due list's generation, skipped when this user's last one was for the same day and
/// horizon and nothing changed since (generation_stamp). The stamp is a cache, not a change:
/// written without an audit entry, so writing it does not itself make the next call stale.
void generate_once(store::Session& impl, Date as_of, int horizon_days) {
    {
        store::ReadScope read(impl);
        const auto stamp = generation_stamp(impl, as_of, horizon_days);
        if (!stamp.empty() && stamp == stored_stamp(impl)) return;
    }
    store::WriteScope scope(impl);
    generate_audited(impl, as_of, horizon_days);
    store::flush_audit(impl);
    if (const auto stamp = generation_stamp(impl, as_of, horizon_days); !stamp.empty())
        impl.conn.query("INSERT OR REPLACE INTO settings(key, value) VALUES (?, ?)")
            ->bind(1, stamp_key(impl))
            .bind(2, stamp)
            .run();
    scope.commit();
}

}  // namespace

std::int64_t Reminders::generate(Date as_of, int horizon_days) {
    auto& impl = session();
    impl.require_write("generate reminders");
    store::WriteScope scope(impl);
    const auto created = generate_audited(impl, as_of, horizon_days);
    scope.commit();
    return created;
}

std::vector<Reminder> Reminders::due(Date as_of, int horizon_days, std::string_view owner) {
    auto& impl = session();
    if (horizon_days < 0 || horizon_days > kMaxHorizon)
        throw InvalidInput("horizon", std::to_string(horizon_days) + " days is outside 0.." + std::to_string(kMaxHorizon));
    std::optional<std::int64_t> owner_id;
    if (!owner.empty()) {
        const auto u = impl.find_user(owner);
        if (!u) throw InvalidInput("owner", "no user '" + std::string(owner) + "'");
        owner_id = u->id;
    }
    if (impl.damaged.empty() && !impl.read_only && impl.user.role != Role::viewer)
        generate_once(impl, as_of, horizon_days);
    store::ReadScope read(impl);
    const auto rules = load_rules(impl);
    // Only integers are spliced into the customers' condition, which the channel reads share.
    std::string customers = impl.visible + " AND c.status = 'active'";
    if (owner_id) customers += " AND c.owner_id = " + std::to_string(*owner_id);
    ChannelBook channels(impl, rules, customers);
    // One owner's or team's customers: from them to their reminders (customers_owner, then
    // reminders_customer) and sort the few; everyone's: the pending index in date order.
    // Left to itself the planner walked every pending reminder of the store for one
    // salesperson's list, to save the sort.
    const bool narrowed = owner_id || impl.visible != "1";
    const std::string from = narrowed ? "FROM customers c CROSS JOIN reminders r ON r.customer_id = c.id "
                                      : "FROM reminders r JOIN customers c ON c.id = r.customer_id ";
    store::Where w(customers);
    w.add("r.status IN ('open','snoozed')");
    w.add("r.show_on <= ?", to_days(as_of) + horizon_days);
    w.add("(r.kind NOT IN ('birthday','anniversary','holiday') OR r.show_on >= ?)", to_days(as_of) - kGreetingGraceDays);
    auto q = impl.conn.query(std::string(kColumns) + from + kJoins + w.sql());
    w.bind(*q);
    const UserNames users(impl);
    std::vector<Reminder> out;
    std::vector<std::pair<std::int64_t, std::size_t>> order;  // (show_on, position)
    while (q->step()) {
        order.emplace_back(q->integer(7), out.size());
        out.push_back(read_row(*q, channels, users));
    }
    // By date, then id, sorted here: SQLite's sorter copied every listed row's columns.
    std::sort(order.begin(), order.end(), [&](const auto& x, const auto& y) {
        return x.first != y.first ? x.first < y.first : out[x.second].id < out[y.second].id;
    });
    std::vector<Reminder> sorted;
    sorted.reserve(out.size());
    for (const auto& [show_on, k] : order) sorted.push_back(std::move(out[k]));
    return sorted;
}

Reminder Reminders::get(std::int64_t id) const {
    auto& impl = session();
    store::ReadScope read(impl);
    return get_in(impl, id);
}

std::vector<Reminder> Reminders::of_customer(std::string_view customer) const {
    auto& impl = session();
    store::ReadScope read(impl);
    const auto id = impl.customer_id(customer);
    const auto rules = load_rules(impl);
    ChannelBook channels(impl, rules, "c.id = " + std::to_string(id));
    const UserNames users(impl);
    auto q = impl.conn.query(std::string(kColumns) + "FROM reminders r JOIN customers c ON c.id = r.customer_id " +
                             kJoins + " WHERE r.customer_id = ? ORDER BY r.due_on, r.id");
    q->bind(1, id);
    std::vector<Reminder> out;
    while (q->step()) out.push_back(read_row(*q, channels, users));
    return out;
}

Reminder Reminders::add(const FollowUp& f) {
    auto& impl = session();
    impl.require_write("add a follow-up");
    if (to_days(f.due_on) < today())
        throw InvalidInput("due_on", format_date(f.due_on) + " is in the past: a follow-up is due today or later");
    store::WriteScope scope(impl);
    const auto customer = impl.customer_id(f.customer);
    const auto due = to_days(f.due_on);
    {
        auto q = impl.conn.query("INSERT INTO reminders(customer_id, kind, due_on, show_on, reason, note, created_at, "
                                 "created_by) VALUES (?, 'follow_up', ?, ?, ?, ?, ?, ?)");
        q->bind(1, customer).bind(2, due).bind(3, due).bind(4, f.reason.empty() ? "follow-up" : f.reason).bind(5, f.note);
        q->bind(6, store::seconds(now_utc())).bind(7, impl.user_id).run();
    }
    auto r = get_in(impl, impl.conn.last_insert_rowid());
    audit_change(impl, r, "add", {{"due_on", format_date(f.due_on)}, {"reason", r.reason}});
    scope.commit();
    return r;
}

Reminder Reminders::done(std::int64_t id, const ReminderOutcome& outcome) {
    auto& impl = session();
    impl.require_write("complete a reminder");
    store::WriteScope scope(impl);
    const auto r = pending(impl, id, "complete");
    std::optional<std::int64_t> interaction;
    if (outcome.interaction) {
        Interaction i = *outcome.interaction;
        if (i.customer_id.is_nil() && i.customer_external_id.empty()) i.customer_id = r.customer_id;
        else if (i.customer_id != r.customer_id && i.customer_external_id != r.customer)
            throw InvalidInput("interaction.customer", "the interaction is about another customer than reminder " +
                                                           std::to_string(id) + "'s (" + r.customer + ")");
        const auto stored = Interactions(impl).add(i);
        auto q = impl.conn.query("SELECT id FROM interactions WHERE uuid = ?");
        q->bind_blob(1, stored.id.bytes().data(), 16);
        q->step();
        interaction = q->integer(0);
    }
    close(impl, id, ReminderStatus::done, outcome.note, interaction);
    auto after = get_in(impl, id);
    nlohmann::json detail = {{"note", outcome.note}};
    if (after.interaction) detail["interaction"] = after.interaction->to_string();
    audit_change(impl, after, "done", std::move(detail));
    scope.commit();
    return after;
}

Reminder Reminders::snooze(std::int64_t id, Date until) {
    auto& impl = session();
    impl.require_write("snooze a reminder");
    if (to_days(until) < today())
        throw InvalidInput("until", format_date(until) + " is in the past: snooze to today or a later date");
    store::WriteScope scope(impl);
    pending(impl, id, "snooze");
    {
        auto q = impl.conn.query("UPDATE reminders SET status = 'snoozed', show_on = ? WHERE id = ?");
        q->bind(1, to_days(until)).bind(2, id).run();
    }
    auto after = get_in(impl, id);
    audit_change(impl, after, "snooze", {{"until", format_date(until)}});
    scope.commit();
    return after;
}

Reminder Reminders::dismiss(std::int64_t id, std::string_view note) {
    auto& impl = session();
    impl.require_write("dismiss a reminder");
    store::WriteScope scope(impl);
    pending(impl, id, "dismiss");
    close(impl, id, ReminderStatus::dismissed, note, std::nullopt);
    auto after = get_in(impl, id);
    audit_change(impl, after, "dismiss", {{"note", std::string(note)}});
    scope.commit();
    return after;
}

ReminderRules Reminders::rules() const {
    auto& impl = session();
    store::ReadScope read(impl);
    return load_rules(impl);
}

void Reminders::set_rules(const ReminderRules& rules) {
    auto& impl = session();
    impl.require_write("change the reminder rules");
    if (impl.user.role != Role::admin && impl.user.role != Role::manager)
        throw PermissionDenied("cannot change the reminder rules: user '" + impl.user.username +
                               "' is neither an admin nor a manager");
    check_rules(rules);
    const auto text = to_json(rules).dump();
    store::WriteScope scope(impl);
    impl.conn.query("INSERT OR REPLACE INTO reminder_rules(id, rules) VALUES (1, ?)")->bind(1, text).run();
    store::audit(impl, {"reminder.rules", std::nullopt, "reminder_rules", to_json(rules)});
    scope.commit();
}

}  // namespace clientele

namespace clientele::store {

std::int64_t scrub_reminders(Session& session, std::int64_t customer) {
    auto q = session.conn.query(
        "UPDATE reminders SET note = '', reason = CASE kind WHEN 'follow_up' THEN '' ELSE reason END "
        "WHERE customer_id = ? AND (note <> '' OR (kind = 'follow_up' AND reason <> ''))");
    q->bind(1, customer).run();
    return session.conn.changes();
}

}  // namespace clientele::store
