import Foundation

/// CPU time the calling thread has spent encoding PNGs (`RenderedChart.png`) since it started: the
/// site's build profile reads it before and after each chart to tell drawing from encoding.
public enum ChartClock {
    /// Seconds of thread CPU time spent in the PNG encoder by the calling thread.
    public static var encodingSeconds: Double {
        guard let p = pthread_getspecific(encodingKey) else { return 0 }
        return p.assumingMemoryBound(to: Double.self).pointee
    }

    /// Adds the thread CPU time `body` takes to the calling thread's `encodingSeconds`.
    static func measureEncoding<T>(_ body: () throws -> T) rethrows -> T {
        let start = threadCPUSeconds()
        defer {
            let slot: UnsafeMutablePointer<Double>
            if let p = pthread_getspecific(encodingKey) {
                slot = p.assumingMemoryBound(to: Double.self)
            } else {
                slot = UnsafeMutablePointer<Double>.allocate(capacity: 1)
                slot.initialize(to: 0)
                pthread_setspecific(encodingKey, slot)
            }
            slot.pointee += threadCPUSeconds() - start
        }
        return try body()
    }

    /// The calling thread's CPU time in seconds.
    public static func threadCPUSeconds() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
    }
}

/// The per-thread slot of `ChartClock.encodingSeconds` (freed when its thread ends).
private let encodingKey: pthread_key_t = {
    var key = pthread_key_t()
    pthread_key_create(&key) { free($0) }
    return key
}()
