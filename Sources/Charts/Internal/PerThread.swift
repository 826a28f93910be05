import Foundation

/// One `Value` per thread, made on the thread's first use and released when the thread ends: the
/// caches and buffers the chart and document writers keep per worker (Cairo, Pango and zlib state is
/// not shared between threads).
final class PerThread<Value: AnyObject>: @unchecked Sendable {
    private let key: pthread_key_t
    private let make: @Sendable () -> Value

    init(_ make: @escaping @Sendable () -> Value) {
        var key = pthread_key_t()
        pthread_key_create(&key) { p in
            guard let p else { return }
            Unmanaged<AnyObject>.fromOpaque(p).release()
        }
        self.key = key
        self.make = make
    }

    /// The calling thread's value.
    var value: Value {
        if let p = pthread_getspecific(key) {
            return Unmanaged<Value>.fromOpaque(p).takeUnretainedValue()
        }
        let made = make()
        pthread_setspecific(key, Unmanaged.passRetained(made).toOpaque())
        return made
    }
}
