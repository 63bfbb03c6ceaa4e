// Everything is inline in include/parley_cache_hints.h; a C target needs one source file.
#include "parley_cache_hints.h"
