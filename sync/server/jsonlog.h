// Structured logs: one JSON object per line on stderr
// ({"ts", "level", "category", "message"}), for `serve --log-format json`.
#pragma once

namespace outpost {

void installJsonLogHandler();

} // namespace outpost
