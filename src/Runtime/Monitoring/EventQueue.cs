namespace GraphGen.Monitoring;

/// <summary>
/// The bounded queue between training threads and an event file's background thread. Writers add
/// under a lock held for a list append; the background thread takes everything at once by swapping
/// lists, so it holds the lock for O(1) per batch rather than once per item (as a Channel's reader
/// does), and writers almost never wait on it. Writers wake the background thread only when the
/// queue is half full or a flush is asked for; otherwise it polls.
/// </summary>
internal sealed class EventQueue
{
    private readonly object _gate = new(); // Monitor, for Wait/Pulse
    private readonly int _capacity;
    private readonly int _wakeAtCount;
    private List<QueuedEvent> _pending;
    private bool _completed;
    private bool _urgent;
    private bool _consumerWaiting;
    private int _producersWaiting;

    public EventQueue(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _capacity = capacity;
        _wakeAtCount = Math.Max(1, capacity / 2);
        _pending = new List<QueuedEvent>(Math.Min(capacity, 1024));
    }

    /// <summary>Adds an item, waiting while the queue is full; false once <see cref="Complete"/> was called.</summary>
    /// <param name="urgent">Wake the background thread now (a flush request).</param>
    public bool Add(in QueuedEvent item, bool urgent = false)
    {
        lock (_gate)
        {
            while (_pending.Count >= _capacity && !_completed)
            {
                _producersWaiting++;
                Monitor.Wait(_gate);
                _producersWaiting--;
            }
            if (_completed) return false;
            _pending.Add(item);
            _urgent |= urgent;
            if (_consumerWaiting && (_urgent || _pending.Count >= _wakeAtCount)) Monitor.PulseAll(_gate);
            return true;
        }
    }

    /// <summary>No more items will be added; the background thread drains what is left and stops.</summary>
    public void Complete()
    {
        lock (_gate)
        {
            _completed = true;
            Monitor.PulseAll(_gate);
        }
    }

    /// <summary>
    /// Waits up to <paramref name="timeout"/> unless the queue is half full, urgent or complete, then
    /// swaps everything queued into <paramref name="batch"/> (which must be empty). False when the queue
    /// is complete and nothing was left.
    /// </summary>
    public bool Take(ref List<QueuedEvent> batch, TimeSpan timeout)
    {
        lock (_gate)
        {
            if (!_completed && !_urgent && _pending.Count < _wakeAtCount)
            {
                _consumerWaiting = true;
                Monitor.Wait(_gate, timeout);
                _consumerWaiting = false;
            }
            (batch, _pending) = (_pending, batch);
            _urgent = false;
            if (_producersWaiting > 0) Monitor.PulseAll(_gate);
            return !(_completed && batch.Count == 0);
        }
    }
}
