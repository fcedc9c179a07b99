// The report's texts in Simplified Chinese and English: one table, so a key missing in a
// language is a compile error rather than an empty heading.
#include "report/words.hpp"

#include <array>
#include <utility>

namespace clientele::report {

namespace {

struct Pair {
    Word key;
    const char* zh;
    const char* en;
};

constexpr Pair kWords[] = {
    {Word::title, "客户报告", "Customer report"},
    {Word::as_of, "截至", "As of"},
    {Word::period, "本期", "Period"},
    {Word::previous, "上期", "Previous period"},
    {Word::user, "用户", "User"},
    {Word::currency, "币种", "Currency"},
    {Word::owner, "负责人", "Owner"},
    {Word::no_data, "暂无数据", "No data"},
    {Word::metric, "指标", "Metric"},
    {Word::this_period, "本期", "This period"},
    {Word::change, "变化", "Change"},
    {Word::headline, "核心指标", "Headline figures"},
    {Word::customers, "客户数", "Customers"},
    {Word::active_buyers, "活跃买家", "Active buyers"},
    {Word::revenue, "收入", "Revenue"},
    {Word::average_order, "客单价", "Average order"},
    {Word::repeat_rate, "复购率", "Repeat rate"},
    {Word::orders, "订单数", "Orders"},
    {Word::rfm_grid, "RFM 矩阵（最近购买 × 购买频次）", "RFM grid (recency × frequency)"},
    {Word::recency_score, "R 分（5 = 最近）", "R score (5 = most recent)"},
    {Word::frequency_score, "F 分（5 = 最频繁）", "F score (5 = most frequent)"},
    {Word::rfm_note, "每格：客户数、收入、细分", "Each cell: customers, revenue, segment"},
    {Word::segments, "客户细分", "Segments"},
    {Word::segment, "细分", "Segment"},
    {Word::customers_col, "客户", "Customers"},
    {Word::revenue_col, "收入", "Revenue"},
    {Word::tiers, "价值分层", "Value tiers"},
    {Word::tier, "层级", "Tier"},
    {Word::lifecycle, "生命周期漏斗", "Lifecycle funnel"},
    {Word::stage, "阶段", "Stage"},
    {Word::transitions, "阶段转移", "Stage transitions"},
    {Word::stage_on_from, "期初阶段", "Stage at period start"},
    {Word::stage_on_as_of, "期末阶段", "Stage at as-of date"},
    {Word::monthly, "每月新老买家与收入", "New and returning buyers and revenue by month"},
    {Word::month, "月份", "Month"},
    {Word::new_buyers, "新买家", "New buyers"},
    {Word::returning_buyers, "老买家", "Returning buyers"},
    {Word::cohorts, "同期群留存", "Cohort retention"},
    {Word::cohort, "首购月", "Cohort"},
    {Word::months_after, "首购后月数", "Months after first purchase"},
    {Word::retention, "留存", "Retention"},
    {Word::top_customers, "高价值客户", "Top customers by value"},
    {Word::rank, "排名", "Rank"},
    {Word::customer, "客户", "Customer"},
    {Word::last_purchase_days, "距上次购买（天）", "Days since last purchase"},
    {Word::data_quality, "数据质量", "Data quality"},
    {Word::without_phone, "无电话", "Without a phone"},
    {Word::without_email, "无邮箱", "Without an email"},
    {Word::never_verified, "从未核实", "Never verified"},
    {Word::stale_verified, "核实已过期", "Verification stale"},
    {Word::merged_duplicates, "已合并的重复客户", "Duplicates merged"},
    {Word::share, "占比", "Share"},
    {Word::not_included, "未包含的部分", "Not included"},
    {Word::count, "数量", "Count"},
    {Word::none, "无", "none"},
    {Word::service, "投诉、服务时效与满意度", "Complaints, SLA, CSAT and NPS"},
    {Word::nps_csat, "NPS 与 CSAT 满意率（4–5 分，%）", "NPS and CSAT satisfied (4–5, %)"},
    {Word::nps, "NPS", "NPS"},
    {Word::csat_mean, "CSAT 均分", "CSAT mean"},
    {Word::csat_satisfied, "CSAT 满意率", "CSAT satisfied"},
    {Word::surveys_answered, "已答问卷", "Surveys answered"},
    {Word::cases_by_sla, "每月工单（是否超时）", "Cases by month, within or past SLA"},
    {Word::within_sla, "未超时", "Within SLA"},
    {Word::breached, "超时", "Breached"},
    {Word::cases, "工单", "Cases"},
    {Word::first_response_hours, "首次响应中位数（小时）", "Median first response (h)"},
    {Word::resolution_hours, "解决时长中位数（小时）", "Median resolution (h)"},
    {Word::breach_rate, "超时率", "Breach rate"},
    {Word::all_months, "合计", "All months"},
    {Word::service_missing, "投诉与服务时效、满意度（这些月份没有问卷或工单）",
     "complaints and SLA, CSAT and NPS (no surveys or cases in these months)"},
    {Word::loyalty, "会员等级与积分负债", "Loyalty levels and points liability"},
    {Word::level, "会员等级", "Level"},
    {Word::no_level, "无等级", "No level"},
    {Word::points_held, "持有积分", "Points held"},
    {Word::points_outstanding, "未兑积分（负债）", "Points outstanding"},
    {Word::points_holders, "有积分的客户", "Customers with points"},
    {Word::expiring_30, "30 天内到期", "Expiring within 30 days"},
    {Word::expiring_90, "90 天内到期", "Expiring within 90 days"},
    {Word::points, "积分", "Points"},
    {Word::loyalty_missing, "会员等级与积分（没有会员数据）", "loyalty levels and points (no loyalty data)"},
};

constexpr std::pair<const char*, const char*> kTerms[] = {
    {"prospect", "潜在客户"}, {"new", "新客户"}, {"repeat", "复购客户"}, {"loyal", "忠诚客户"},
    {"at_risk", "流失风险"}, {"churned", "已流失"}, {"reactivated", "已召回"},
    {"champions", "冠军客户"}, {"loyal_customers", "忠实客户"}, {"potential_loyalists", "潜力客户"},
    {"new_customers", "新客户"}, {"promising", "有希望"}, {"need_attention", "需关注"},
    {"about_to_sleep", "即将沉睡"}, {"at_risk", "流失风险"}, {"cant_lose", "不能失去"},
    {"hibernating", "沉睡"}, {"low", "低"}, {"medium", "中"}, {"high", "高"}, {"none", "无"},
};

}  // namespace

std::string_view word(Word w, Lang lang) {
    for (const auto& p : kWords)
        if (p.key == w) return lang == Lang::zh_cn ? p.zh : p.en;
    return {};
}

std::string_view term(std::string_view core_name, Lang lang) {
    if (lang == Lang::en) return core_name;
    for (const auto& t : kTerms)
        if (core_name == t.first) return t.second;
    return core_name;
}

}  // namespace clientele::report
