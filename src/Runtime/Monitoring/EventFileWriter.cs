using System.Diagnostics;
using System.Globalization;
using System.Net;

namespace GraphGen.Monitoring;

/// <summary>
/// One event file, written by its own background thread from a bounded queue, as TensorBoard's
/// Python <c>EventFileWriter</c> does: the caller only enqueues a small struct; encoding, checksums
/// and disk writes happen on the background thread, which takes the queue's contents every 100 ms
/// (sooner when it is half full), flushes the file at the first data and then at most once per flush
/// interval (and on <see cref="Flush"/> and <see cref="Dispose"/>). A full queue blocks the caller
/// rather than dropping data.
/// </summary>
internal sealed class EventFileWriter : IDisposable
{
    /// <summary>TensorBoard's process-wide <c>_global_uid</c>, the last part of each file name (from 0).</summary>
    private static int s_lastUid = -1;

    /// <summary>How often the background thread drains the queue when no writer wakes it.</summary>
    private static readonly TimeSpan DrainPollInterval = TimeSpan.FromMilliseconds(100);

    private readonly EventQueue _queue;
    private readonly Stream _stream;
    private readonly Thread _thread;
    private readonly long _flushIntervalTicks;
    private volatile Exception? _failure;
    private int _disposed;

    /// <param name="openFile">Opens the event file; tests pass a stream that fails, to check how failures are reported.</param>
    public EventFileWriter(string logDir, int maxQueue, TimeSpan flushInterval, string filenameSuffix = "", Func<string, Stream>? openFile = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxQueue, 1);
        if (flushInterval <= TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(flushInterval), flushInterval, "The flush interval must be positive.");
        try { Directory.CreateDirectory(logDir); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw IO.FileErrors.Describe(e, logDir, "SummaryWriter: creating the log directory");
        }
        LogDir = logDir;
        double now = UnixTime.Now();
        int uid = Interlocked.Increment(ref s_lastUid);
        // tensorboard/summary/writer/event_file_writer.py: "events.out.tfevents.%010d.%s.%s.%s" % (time, host, pid, uid)
        string name = string.Create(CultureInfo.InvariantCulture,
            $"events.out.tfevents.{(long)now:D10}.{Dns.GetHostName()}.{Environment.ProcessId}.{uid}{filenameSuffix}");
        FilePath = Path.Combine(logDir, name);
        try
        {
            _stream = openFile?.Invoke(FilePath)
                ?? new FileStream(FilePath, FileMode.Create, FileAccess.Write, FileShare.Read | FileShare.Delete, bufferSize: 1 << 16);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw IO.FileErrors.Describe(e, FilePath, "SummaryWriter: creating the event file");
        }
        _flushIntervalTicks = (long)(flushInterval.TotalSeconds * Stopwatch.Frequency);
        _queue = new EventQueue(maxQueue);

        var encoder = new ProtoWriter();
        EventEncoder.FileVersionEvent(encoder, now);
        TfRecordFormat.WriteRecord(_stream, encoder.WrittenSpan);
        _stream.Flush();
        _thread = new Thread(Run) { IsBackground = true, Name = "GraphGen event file writer" };
        _thread.Start(encoder);
    }

    public string LogDir { get; }

    public string FilePath { get; }

    public void Enqueue(in QueuedEvent item)
    {
        ThrowIfUnusable();
        if (!_queue.Add(item))
            throw new ObjectDisposedException(nameof(SummaryWriter), $"The event file {FilePath} is closed.");
    }

    /// <summary>Blocks until everything queued before this call is written and flushed to the file.</summary>
    public void Flush()
    {
        ThrowIfUnusable();
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_queue.Add(new QueuedEvent(QueuedEventKind.Flush, 0, null, null, 0, done), urgent: true))
            throw new ObjectDisposedException(nameof(SummaryWriter), $"The event file {FilePath} is closed.");
        done.Task.GetAwaiter().GetResult();
        ThrowIfUnusable();
    }

    /// <summary>
    /// Writes what is queued, stops the background thread and closes the file. Never throws: a failure to
    /// write or close is kept in <see cref="Failure"/> for the owner to report.
    /// </summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        _queue.Complete();
        _thread.Join();
        try { _stream.Flush(); }
        catch (Exception e) { _failure ??= e; }
        try { _stream.Dispose(); }
        catch (Exception e) { _failure ??= e; }
    }

    /// <summary>The first write, flush or close error of this file, or null.</summary>
    public Exception? Failure => _failure;

    private void ThrowIfUnusable()
    {
        if (_failure is { } failure)
            throw new IOException($"Writing the event file '{FilePath}' failed: {failure.Message}", failure);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
    }

    private void Run(object? state)
    {
        var encoder = (ProtoWriter)state!;
        var batch = new List<QueuedEvent>();
        long nextFlush = 0; // the first data is flushed at once, as TensorBoard's writer does
        bool unflushed = false;
        var wait = DrainPollInterval;
        while (_queue.Take(ref batch, wait))
        {
            foreach (var item in batch) unflushed |= Process(item, encoder);
            batch.Clear();

            long now = Stopwatch.GetTimestamp();
            if (unflushed && now >= nextFlush)
            {
                FlushStream();
                unflushed = false;
                nextFlush = now + _flushIntervalTicks;
            }
            wait = DrainPollInterval;
            if (unflushed)
            {
                var untilFlush = TimeSpan.FromSeconds((nextFlush - now) / (double)Stopwatch.Frequency);
                if (untilFlush < wait) wait = untilFlush;
            }
        }
        FlushStream();
    }

    /// <summary>Writes one item; true if it left unflushed bytes.</summary>
    private bool Process(in QueuedEvent item, ProtoWriter encoder)
    {
        if (item.Kind == QueuedEventKind.Flush)
        {
            FlushStream();
            var done = (TaskCompletionSource)item.Payload!;
            if (_failure is { } failure) done.TrySetException(failure);
            else done.TrySetResult();
            return false;
        }
        if (_failure is not null) return false; // the file is unusable; the caller hears on its next call
        try
        {
            Encode(item, encoder);
            TfRecordFormat.WriteRecord(_stream, encoder.WrittenSpan);
            return true;
        }
        catch (Exception e)
        {
            _failure = e;
            return false;
        }
    }

    private static void Encode(in QueuedEvent item, ProtoWriter encoder)
    {
        string tag = item.Tag ?? "";
        switch (item.Kind)
        {
            case QueuedEventKind.Scalar:
                EventEncoder.ScalarEvent(encoder, item.WallTime, item.Step, tag, (float)item.Scalar);
                break;
            case QueuedEventKind.Histogram:
                var histogram = item.Payload is float[] floats
                    ? TensorFlowHistogram.Build(floats, tag)
                    : TensorFlowHistogram.Build((double[])item.Payload!, tag);
                EventEncoder.HistogramEvent(encoder, item.WallTime, item.Step, tag, histogram);
                break;
            case QueuedEventKind.Text:
                EventEncoder.TextEvent(encoder, item.WallTime, item.Step, tag, (string)item.Payload!);
                break;
            case QueuedEventKind.Plugin:
                var (pluginName, content) = ((string, byte[]))item.Payload!;
                EventEncoder.PluginEvent(encoder, item.WallTime, item.Step, tag, pluginName, content);
                break;
            case QueuedEventKind.Graph:
                EventEncoder.GraphEvent(encoder, item.WallTime, (byte[])item.Payload!);
                break;
            default:
                throw new InvalidOperationException($"Unknown queued event kind {item.Kind}.");
        }
    }

    private void FlushStream()
    {
        if (_failure is not null) return;
        try { _stream.Flush(); }
        catch (Exception e) { _failure = e; }
    }
}
