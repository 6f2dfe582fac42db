// The HTTP API's request parameters and answers, apart from the HTTP
// server: query strings become store Queries (checked, with bounded
// limits), failures become JSON error bodies with an HTTP status.
#pragma once

#include <map>
#include <string>

#include "sitrep/status.h"
#include "sitrep/store.h"

namespace sitrep::serve {

// Query-string parameters, decoded (httplib::Params has this type).
using Params = std::multimap<std::string, std::string>;

struct Limits {
  size_t default_limit = 50;
  size_t max_limit = 500;
  size_t max_offset = 1000000;
};

// The filters, sort and paging of /api/events, /api/points and
// /api/stats/timeline: q, group, branches (1|true), country, type, from, to,
// min_killed, sort, order (asc|desc), limit, offset. A malformed value is
// kInvalidArgument naming the parameter.
Result<store::Query> query_of(const Params& params, const Limits& limits = {});

// The HTTP status for a failed call: 400 bad argument, 404 not found, 503
// query too long, 500 otherwise.
int http_status(const Status& status);

// {"error": message, "code": "E..."}.
std::string error_json(const Status& status);

}  // namespace sitrep::serve
