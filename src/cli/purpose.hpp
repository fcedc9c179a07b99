// clientele CLI — what a customer list or export is for (docs/privacy.md): for marketing,
// only customers who granted the channel. One rule for every command that lists people.
#pragma once

#include <string>

#include <CLI/CLI.hpp>
#include <clientele/customers.hpp>

namespace clientele::cli {

struct PurposeOptions {
    std::string purpose, channel;
};

/// --purpose marketing|service and --channel email|sms|phone|wechat.
void add_purpose_options(CLI::App* cmd, PurposeOptions& o);

/// Sets filter.consented for a marketing purpose; InvalidInput naming the flag when
/// marketing has no channel, a channel has no marketing purpose, or a name is unknown.
void apply_purpose(const PurposeOptions& o, CustomerFilter& filter);

}  // namespace clientele::cli
