// Everything is inline in include/parley_heap.h; a C target needs one source file.
#include "parley_heap.h"
