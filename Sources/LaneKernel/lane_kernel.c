#include "parley_lane_kernel.h"

#include <string.h>

typedef uint16_t lanes16 __attribute__((vector_size(2 * PARLEY_LANES)));
typedef uint8_t lanes8 __attribute__((vector_size(PARLEY_LANES)));
typedef uint32_t lanes32 __attribute__((vector_size(4 * PARLEY_LANES)));

enum { flush_every = 200 };

/// Reads PARLEY_LANES values from `values` into the lanes16 `vector` (no alignment needed).
#define LOAD16(vector, values) memcpy(&(vector), (values), sizeof(vector))

static inline __attribute__((always_inline)) void sum_positions(const parley_lane_input *in, uint32_t *sums) {
    // Values summed over a window of positions in 16 bits (each is at most 254 + 4 × backoff),
    // then moved into 32-bit sums.
    lanes16 window = {0};
    lanes32 total;
    memcpy(&total, sums, sizeof total);
    const lanes16 unseen = (lanes16){0} + in->unseen;
    lanes16 open_at_start, lane_numbers;
    LOAD16(open_at_start, in->eligible + PARLEY_LANES);
    for (int lane = 0; lane < PARLEY_LANES; lane++) lane_numbers[lane] = (uint16_t)lane;
    for (intptr_t position = 0; position < in->positionCount; position++) {
        const intptr_t longest = in->longest[position];
        lanes16 value = unseen;
        lanes16 open = open_at_start;  // lanes still without a value: 0xFFFF
        for (intptr_t order = longest; order >= 1; order--) {
            const intptr_t key = 5 * position + order - 1;
            const uint32_t start = in->range[2 * key];
            if (start == 0) continue;
            const uint32_t end = in->range[2 * key + 1];
            lanes16 eligible, added;
            LOAD16(eligible, in->eligible + order * PARLEY_LANES);
            LOAD16(added, in->extra + (6 * longest + order) * PARLEY_LANES);
            if (end & PARLEY_ROW_BIT) {
                uint32_t packed;
                memcpy(&packed, in->table + start, sizeof packed);
                if (packed >> 24 != in->first) continue;  // another group's row
                lanes8 bytes;
                memcpy(&bytes, in->rows + PARLEY_LANES * (packed & PARLEY_ROW_NUMBER), sizeof bytes);
                const lanes16 cost = __builtin_convertvector(bytes, lanes16);
                const lanes16 found = open & eligible & (((cost + 1) >> 8) - 1);  // absent: 255
                value = (value & ~found) | ((cost + added) & found);
                open &= ~found;
                if (__builtin_reduce_or(open) == 0) break;  // every class has its value
            } else {
                // A short list: each posting updates its lane through a one-lane mask, so the
                // lanes stay in registers (a store to one lane then a load of all stalls).
                for (uint32_t posting = start; posting < end; posting += 2) {
                    const uint16_t lane = (uint16_t)(in->table[posting] - in->first);  // ≥ 32: no lane
                    const lanes16 take = (lanes16)(lane_numbers == lane) & open & eligible;
                    const lanes16 cost = (lanes16){0} + in->table[posting + 1];
                    value = (value & ~take) | ((cost + added) & take);
                    open &= ~take;
                }
            }
        }
        window += value;
        if (position % flush_every == flush_every - 1) {
            total += __builtin_convertvector(window, lanes32);
            window = (lanes16){0};
        }
    }
    total += __builtin_convertvector(window, lanes32);
    memcpy(sums, &total, sizeof total);
}

void parley_sum_positions_baseline(const parley_lane_input *input, uint32_t *sums) {
    sum_positions(input, sums);
}

#if defined(__x86_64__)
__attribute__((target("avx2"))) void parley_sum_positions_avx2(const parley_lane_input *input, uint32_t *sums) {
    sum_positions(input, sums);
}

int parley_lane_kernel_has_avx2(void) {
    return __builtin_cpu_supports("avx2");
}
#else
void parley_sum_positions_avx2(const parley_lane_input *input, uint32_t *sums) {
    sum_positions(input, sums);
}

int parley_lane_kernel_has_avx2(void) {
    return 0;
}
#endif

void parley_sum_positions(const parley_lane_input *input, uint32_t *sums) {
    if (parley_lane_kernel_has_avx2()) {
        parley_sum_positions_avx2(input, sums);
    } else {
        parley_sum_positions_baseline(input, sums);
    }
}
