// clientele — the whole C++ API in one include.
#pragma once

#include "clientele/analytics.hpp"
#include "clientele/backup.hpp"
#include "clientele/cells.hpp"
#include "clientele/dedupe.hpp"
#include "clientele/error.hpp"
#include "clientele/import_export.hpp"
#include "clientele/json.hpp"
#include "clientele/json_object.hpp"
#include "clientele/merge.hpp"
#include "clientele/model.hpp"
#include "clientele/normalize.hpp"
#include "clientele/points.hpp"
#include "clientele/database.hpp"
#include "clientele/time.hpp"
#include "clientele/version.hpp"
