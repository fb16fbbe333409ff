#pragma once
/**
 * @file
 * Contiguous blocks of a range spread over threads. Work on item n must not depend on which
 * block it falls in, so results do not depend on the thread count.
 */

#include <algorithm>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

#include "l2o/core/batch.hpp"

namespace l2o {

/**
 * Calls `work(begin, end)` on `threads` contiguous blocks of [0, count) (fewer when the range
 * is small: at least `min_block` items per block), each on its own thread, and waits for all.
 * The first exception a block throws is rethrown here once every thread has finished.
 */
template <class Work>
void parallel_blocks(Index count, int threads, Work&& work, Index min_block = 1) {
  const Index most = std::max<Index>(1, count / std::max<Index>(1, min_block));
  const int t_count = static_cast<int>(std::clamp<Index>(threads, 1, most));
  if (t_count == 1) {
    work(Index{0}, count);
    return;
  }
  std::exception_ptr first;
  std::mutex guard;
  {
    std::vector<std::jthread> pool;  // joins at the end of this block
    for (int t = 0; t < t_count; ++t)
      pool.emplace_back([&, t] {
        try {
          work(count * t / t_count, count * (t + 1) / t_count);
        } catch (...) {
          const std::lock_guard lock(guard);
          if (!first) first = std::current_exception();
        }
      });
  }
  if (first) std::rethrow_exception(first);
}

}  // namespace l2o
