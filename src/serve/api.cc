#include "serve/api.h"

#include <nlohmann/json.hpp>

namespace sitrep::serve {

namespace {

const std::string* param(const Params& params, const char* name) {
  auto it = params.find(name);
  return it == params.end() ? nullptr : &it->second;
}

// A whole non-negative decimal number no larger than `max`.
Result<size_t> count_param(const std::string& name, const std::string& value, size_t max) {
  if (value.empty() || value.size() > 12 || value.find_first_not_of("0123456789") != std::string::npos)
    return Status(ErrorCode::kInvalidArgument, "`" + name + "` must be a whole number, not `" + value + "`");
  size_t n = std::stoull(value);
  if (n > max)
    return Status(ErrorCode::kInvalidArgument, "`" + name + "` must be at most " + std::to_string(max));
  return n;
}

bool is_flag_on(const std::string& v) { return v == "1" || v == "true" || v == "yes" || v == "on"; }

}  // namespace

Result<store::Query> query_of(const Params& params, const Limits& limits) {
  store::Query q;
  q.limit = limits.default_limit;
  for (const auto& [name, value] : params) {
    if (value.size() > 1000)
      return Status(ErrorCode::kInvalidArgument, "`" + name + "` is longer than 1000 bytes");
    if (params.count(name) > 1)
      return Status(ErrorCode::kInvalidArgument, "`" + name + "` is given more than once");
  }
  if (const std::string* v = param(params, "q")) q.text = *v;
  if (const std::string* v = param(params, "group")) q.group = *v;
  if (const std::string* v = param(params, "branches")) q.branches = is_flag_on(*v);
  if (const std::string* v = param(params, "country")) {
    bool ok = v->empty() || (v->size() == 2 && std::isalpha(static_cast<unsigned char>((*v)[0])) &&
                             std::isalpha(static_cast<unsigned char>((*v)[1])));
    if (!ok) return Status(ErrorCode::kInvalidArgument, "`country` must be a two-letter ISO code, not `" + *v + "`");
    q.country = *v;
  }
  if (const std::string* v = param(params, "type")) {
    static const char* kTypes[] = {"attack", "plot", "arrest", "threat", "claim", "strike"};
    bool ok = v->empty();
    for (const char* t : kTypes) ok = ok || *v == t;
    if (!ok)
      return Status(ErrorCode::kInvalidArgument,
                    "`type` must be attack, plot, arrest, threat, claim or strike, not `" + *v + "`");
    q.type = *v;
  }
  if (const std::string* v = param(params, "from")) q.from = *v;
  if (const std::string* v = param(params, "to")) q.to = *v;
  if (const std::string* v = param(params, "min_killed"); v && !v->empty()) {
    auto n = count_param("min_killed", *v, 10000000);
    if (!n) return n.status();
    q.min_killed = int64_t(*n);
  }
  if (const std::string* v = param(params, "sort"); v && !v->empty()) q.sort = *v;
  if (const std::string* v = param(params, "order"); v && !v->empty()) {
    if (*v != "asc" && *v != "desc")
      return Status(ErrorCode::kInvalidArgument, "`order` must be asc or desc, not `" + *v + "`");
    q.ascending = *v == "asc";
  }
  if (const std::string* v = param(params, "limit"); v && !v->empty()) {
    auto n = count_param("limit", *v, limits.max_limit);
    if (!n) return n.status();
    q.limit = *n;
  }
  if (const std::string* v = param(params, "offset"); v && !v->empty()) {
    auto n = count_param("offset", *v, limits.max_offset);
    if (!n) return n.status();
    q.offset = *n;
  }
  return q;
}

int http_status(const Status& status) {
  switch (status.code()) {
    case ErrorCode::kInvalidArgument: return 400;
    case ErrorCode::kNotFound: return 404;
    case ErrorCode::kTimedOut: return 503;
    default: return 500;
  }
}

std::string error_json(const Status& status) {
  nlohmann::json j;
  j["error"] = status.message();
  j["code"] = std::string(error_code_id(status.code()));
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace sitrep::serve
