// Text names of the model's enums: one table per enum serves both directions.
#include <array>
#include <utility>

#include "clientele/error.hpp"
#include "clientele/merge.hpp"
#include "clientele/model.hpp"
#include "clientele/points.hpp"

namespace clientele {

namespace {

template <typename E, std::size_t N>
using Names = std::array<std::pair<E, std::string_view>, N>;

constexpr Names<CustomerKind, 2> kCustomerKinds{{{CustomerKind::person, "person"},
                                                 {CustomerKind::company, "company"}}};
constexpr Names<CustomerStatus, 4> kCustomerStatuses{{{CustomerStatus::active, "active"},
                                                      {CustomerStatus::archived, "archived"},
                                                      {CustomerStatus::merged, "merged"},
                                                      {CustomerStatus::anonymized, "anonymized"}}};
constexpr Names<Gender, 4> kGenders{{{Gender::unspecified, "unspecified"},
                                     {Gender::female, "female"},
                                     {Gender::male, "male"},
                                     {Gender::other, "other"}}};
constexpr Names<ConsentChannel, 4> kConsentChannels{{{ConsentChannel::email, "email"},
                                                     {ConsentChannel::sms, "sms"},
                                                     {ConsentChannel::phone, "phone"},
                                                     {ConsentChannel::wechat, "wechat"}}};
constexpr Names<ConsentStatus, 3> kConsentStatuses{{{ConsentStatus::unknown, "unknown"},
                                                    {ConsentStatus::granted, "granted"},
                                                    {ConsentStatus::denied, "denied"}}};
constexpr Names<InteractionKind, 12> kInteractionKinds{{
    {InteractionKind::purchase, "purchase"}, {InteractionKind::refund, "refund"},
    {InteractionKind::call, "call"},         {InteractionKind::email, "email"},
    {InteractionKind::sms, "sms"},           {InteractionKind::chat, "chat"},
    {InteractionKind::visit, "visit"},       {InteractionKind::meeting, "meeting"},
    {InteractionKind::complaint, "complaint"}, {InteractionKind::suggestion, "suggestion"},
    {InteractionKind::survey, "survey"},     {InteractionKind::note, "note"}}};
constexpr Names<Direction, 3> kDirections{{{Direction::none, "none"},
                                           {Direction::inbound, "inbound"},
                                           {Direction::outbound, "outbound"}}};
constexpr Names<ComplaintStatus, 5> kComplaintStatuses{{{ComplaintStatus::none, "none"},
                                                        {ComplaintStatus::open, "open"},
                                                        {ComplaintStatus::in_progress, "in_progress"},
                                                        {ComplaintStatus::resolved, "resolved"},
                                                        {ComplaintStatus::closed, "closed"}}};
constexpr Names<Role, 4> kRoles{{{Role::admin, "admin"},
                                 {Role::manager, "manager"},
                                 {Role::sales, "sales"},
                                 {Role::viewer, "viewer"}}};

constexpr Names<MergeRule, 5> kMergeRules{{{MergeRule::verified, "verified"},
                                           {MergeRule::most_recent, "most_recent"},
                                           {MergeRule::most_complete, "most_complete"},
                                           {MergeRule::survivor, "survivor"},
                                           {MergeRule::combine, "combine"}}};
constexpr Names<ClusterOutcome::Action, 4> kClusterActions{{{ClusterOutcome::Action::merged, "merged"},
                                                            {ClusterOutcome::Action::review, "review"},
                                                            {ClusterOutcome::Action::single, "single"},
                                                            {ClusterOutcome::Action::failed, "failed"}}};
constexpr Names<MergeStatus, 2> kMergeStatuses{{{MergeStatus::applied, "applied"}, {MergeStatus::undone, "undone"}}};
constexpr Names<PointsKind, 4> kPointsKinds{{{PointsKind::earn, "earn"},
                                             {PointsKind::redeem, "redeem"},
                                             {PointsKind::expire, "expire"},
                                             {PointsKind::adjust, "adjust"}}};

template <typename E, std::size_t N>
std::string_view name_of(const Names<E, N>& names, E value) {
    for (const auto& [v, n] : names)
        if (v == value) return n;
    return "unknown";
}

template <typename E, std::size_t N>
E value_of(const Names<E, N>& names, std::string_view text, std::string_view field) {
    for (const auto& [v, n] : names)
        if (n == text) return v;
    std::string allowed;
    for (const auto& [v, n] : names) {
        if (!allowed.empty()) allowed += ", ";
        allowed += n;
    }
    throw InvalidInput(std::string(field),
                       "'" + std::string(text) + "' is not one of: " + allowed);
}

}  // namespace

std::string_view to_string(CustomerKind v) { return name_of(kCustomerKinds, v); }
std::string_view to_string(CustomerStatus v) { return name_of(kCustomerStatuses, v); }
std::string_view to_string(Gender v) { return name_of(kGenders, v); }
std::string_view to_string(ConsentChannel v) { return name_of(kConsentChannels, v); }
std::string_view to_string(ConsentStatus v) { return name_of(kConsentStatuses, v); }
std::string_view to_string(InteractionKind v) { return name_of(kInteractionKinds, v); }
std::string_view to_string(Direction v) { return name_of(kDirections, v); }
std::string_view to_string(ComplaintStatus v) { return name_of(kComplaintStatuses, v); }
std::string_view to_string(Role v) { return name_of(kRoles, v); }

CustomerKind parse_customer_kind(std::string_view t, std::string_view f) { return value_of(kCustomerKinds, t, f); }
CustomerStatus parse_customer_status(std::string_view t, std::string_view f) { return value_of(kCustomerStatuses, t, f); }
Gender parse_gender(std::string_view t, std::string_view f) { return value_of(kGenders, t, f); }
ConsentChannel parse_consent_channel(std::string_view t, std::string_view f) { return value_of(kConsentChannels, t, f); }
ConsentStatus parse_consent_status(std::string_view t, std::string_view f) { return value_of(kConsentStatuses, t, f); }
InteractionKind parse_interaction_kind(std::string_view t, std::string_view f) { return value_of(kInteractionKinds, t, f); }
Direction parse_direction(std::string_view t, std::string_view f) { return value_of(kDirections, t, f); }
ComplaintStatus parse_complaint_status(std::string_view t, std::string_view f) { return value_of(kComplaintStatuses, t, f); }
Role parse_role(std::string_view t, std::string_view f) { return value_of(kRoles, t, f); }

std::string_view to_string(MergeRule v) { return name_of(kMergeRules, v); }
std::string_view to_string(MergeStatus v) { return name_of(kMergeStatuses, v); }
std::string_view to_string(ClusterOutcome::Action v) { return name_of(kClusterActions, v); }
MergeRule parse_merge_rule(std::string_view t, std::string_view f) { return value_of(kMergeRules, t, f); }
MergeStatus parse_merge_status(std::string_view t, std::string_view f) { return value_of(kMergeStatuses, t, f); }

std::string_view to_string(PointsKind v) { return name_of(kPointsKinds, v); }
PointsKind parse_points_kind(std::string_view t, std::string_view f) { return value_of(kPointsKinds, t, f); }

}  // namespace clientele
