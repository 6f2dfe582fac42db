// Output helpers for the command line: format selection (JSON Lines when
// asked or when piped, tables on a terminal), error reporting, and the
// read-and-clean loop the document commands share.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "sitrep/clean.h"
#include "sitrep/document.h"
#include "sitrep/status.h"
#include "sitrep/store.h"

namespace sitrep::cli {

enum class Format { kAuto, kTable, kJsonl };

// kAuto becomes kTable on a terminal, kJsonl otherwise.
Format resolve_format(Format f);

// "sitrep: <origin>: E103 invalid UTF-8: ..." on standard error.
void report_error(std::string_view origin, const Status& status);

// A plain-text table with a header row; cells are cut to `widths` (0 = no cut).
void print_table(const std::vector<std::string>& header, const std::vector<size_t>& widths,
                 const std::vector<std::vector<std::string>>& rows);

// Reads every document under `paths` (ingest), cleans it with `options` and
// hands it to `fn`; an unreadable input or a document clean rejects is
// reported on standard error and skipped. A document `skip` returns true for
// (given before cleaning) is passed over. Returns how many failed.
size_t for_each_clean_document(const std::vector<std::string>& paths, const clean::Options& options,
                               const std::function<void(Document&)>& fn,
                               const std::function<bool(const Document&)>& skip = nullptr);

// Opens the store at `path` (creating it when `create`), or reports why not
// and returns null.
std::unique_ptr<store::Store> open_store(const std::string& path, bool create);

// The output format: `given`, else `tty` on a terminal and "jsonl" when piped.
std::string pick_format(const std::string& given, const char* tty);

// Reports a failed store call on standard error; returns the exit status:
// 1 when the record asked for does not exist, 2 otherwise.
int report_failure(const Status& status);

// The columns `sitrep events` prints for a stored incident record (JSON):
// id, date, type, attack type, place, country, group, killed, injured,
// sources, lat, lon.
std::vector<std::string> event_row(std::string_view record);

// A value as one CSV field (RFC 4180 quoting).
std::string csv_field(std::string_view s);

// Cuts a UTF-8 string to at most `width` code points, ending with "…" when cut.
std::string ellipsize(std::string_view s, size_t width);

}  // namespace sitrep::cli
