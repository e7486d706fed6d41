/// Fixed slots that parallel iterations fill, one slot each, read after they all finished.
///
/// Thread safety: `DispatchQueue.concurrentPerform` runs each iteration index exactly once and
/// returns only after all have finished, so every slot is written by one thread and read only
/// after that barrier: no two threads ever touch the same slot at the same time. The slots are
/// raw memory reached through an immutable pointer (a Swift array property would be subject
/// to exclusivity checks across threads). That is the proof behind `@unchecked Sendable`; use
/// it with no other pattern.
final class ResultSlots<Value>: @unchecked Sendable {
    private let slots: UnsafeMutableBufferPointer<Value?>

    init(count: Int) {
        slots = .allocate(capacity: count)
        slots.initialize(repeating: nil)
    }

    deinit {
        slots.deinitialize()
        slots.deallocate()
    }

    func set(_ value: Value, at index: Int) { slots[index] = value }

    /// The values, in index order, after the parallel work is done.
    func values() -> [Value?] { Array(slots) }
}
