// clientele C ABI — the HTML report.
#include "capi/capi.hpp"

#include "clientele/report.hpp"
#include "clientele/time.hpp"

using namespace clientele::capi;

namespace {

constexpr clt_report_options kReportDefaults = CLT_REPORT_OPTIONS_INIT;

std::chrono::sys_days date_arg(const char* date, const char* argument) {
    return std::chrono::sys_days(clientele::parse_date(text(date, argument), argument));
}

clientele::ReportOptions report_options(const clt_report_options* opts) {
    if (opts == nullptr) throw Misuse("opts", "argument 'opts' must not be NULL (as_of is required)");
    const auto& o = *options_arg(opts, kReportDefaults.version, "clt_report_options");
    clientele::ReportOptions r;
    r.as_of = date_arg(o.as_of, "as_of");
    if (o.from != nullptr) r.from = date_arg(o.from, "from");
    if (o.lang != nullptr) r.lang = o.lang;
    if (o.owner != nullptr) r.owner = o.owner;
    if (o.currency != nullptr) r.currency = o.currency;
    r.top_customers = o.top_customers;
    r.show_names = o.show_names != 0;
    r.stale_days = o.stale_days;
    return r;
}

}  // namespace

CLT_API clt_status clt_report_options_init(clt_report_options* opts, unsigned int version) {
    return guard(__func__, [&] { init_options(opts, version, kReportDefaults, "clt_report_options"); });
}

CLT_API clt_status clt_report_html(char** out_html, clt_db* db, const clt_report_options* opts) {
    return guard(__func__, db, [&] {
        out_param(out_html, "out_html");
        auto html = database(db).reports().html(report_options(opts));
        put(out_html, html);
    });
}

CLT_API clt_status clt_report_write(clt_db* db, const char* path, const clt_report_options* opts) {
    return guard(__func__, db, [&] {
        database(db).reports().write_html(std::string(text(path, "path")), report_options(opts));
    });
}
