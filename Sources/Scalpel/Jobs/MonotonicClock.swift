#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// Wall-clock time for throughput figures and progress, unaffected by clock changes.
package enum MonotonicClock {
  /// Seconds since an arbitrary fixed point (`CLOCK_MONOTONIC`).
  package static func seconds() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_MONOTONIC, &time)
    return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
  }
}
