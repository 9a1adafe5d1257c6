using System.Globalization;
using System.Net;
using System.Numerics;

namespace GraphGen.Monitoring;

/// <summary>
/// Writes TensorBoard event files, like PyTorch's <c>torch.utils.tensorboard.SummaryWriter</c>:
/// <c>tensorboard --logdir runs</c> shows what it writes. Every Add method is thread-safe and only
/// queues the data: encoding and disk writes happen on a background thread, so logging from the
/// training loop costs well under a microsecond per scalar. Call <see cref="Flush"/> to make
/// everything written so far visible, and <see cref="Dispose"/> at the end.
/// </summary>
public sealed partial class SummaryWriter : IDisposable
{
    private readonly int _maxQueue;
    private readonly TimeSpan _flushInterval;
    private readonly string _filenameSuffix;
    private readonly EventFileWriter _main;
    private readonly Dictionary<string, EventFileWriter> _subRuns = [];
    private readonly Lock _subRunsLock = new();
    private bool _disposed; // guarded by _subRunsLock
    private readonly Func<string, Stream>? _openFile;

    /// <param name="logDir">
    /// Where the event file goes (created if missing). Default, as PyTorch:
    /// <c>runs/&lt;Mon&gt;&lt;dd&gt;_&lt;HH-mm-ss&gt;_&lt;host&gt;&lt;comment&gt;</c>.
    /// </param>
    /// <param name="comment">Appended to the default log directory's name; ignored when <paramref name="logDir"/> is given.</param>
    /// <param name="maxQueue">Pending writes the queue holds before an Add call waits for the disk.</param>
    /// <param name="flushInterval">The longest data waits in memory before reaching the file (PyTorch's default, 120 s).</param>
    /// <param name="filenameSuffix">Appended to every event file name.</param>
    public SummaryWriter(string? logDir = null, string comment = "", int maxQueue = 1024, TimeSpan? flushInterval = null, string filenameSuffix = "")
        : this(logDir, comment, maxQueue, flushInterval, filenameSuffix, openFile: null)
    {
    }

    /// <param name="openFile">Opens each event file; tests pass a failing stream.</param>
    internal SummaryWriter(string? logDir, string comment, int maxQueue, TimeSpan? flushInterval, string filenameSuffix, Func<string, Stream>? openFile)
    {
        _openFile = openFile;
        _maxQueue = maxQueue;
        _flushInterval = flushInterval ?? TimeSpan.FromSeconds(120);
        _filenameSuffix = filenameSuffix;
        LogDir = string.IsNullOrEmpty(logDir) ? DefaultLogDir(comment) : logDir;
        _main = new EventFileWriter(LogDir, _maxQueue, _flushInterval, _filenameSuffix, _openFile);
    }

    /// <summary>The run directory this writer writes into.</summary>
    public string LogDir { get; }

    /// <summary>The main event file's path.</summary>
    public string FilePath => _main.FilePath;

    /// <summary>A scalar (TensorBoard's Scalars tab), stored as a float32 simple_value as PyTorch does.</summary>
    public void AddScalar(string tag, double value, long step, double? wallTime = null)
    {
        CheckTag(tag);
        _main.Enqueue(new QueuedEvent(QueuedEventKind.Scalar, wallTime ?? UnixTime.Now(), step, tag, value, null));
    }

    /// <summary>
    /// Several scalars on one chart. As in PyTorch, each goes to its own run directory
    /// <c>&lt;logDir&gt;/&lt;mainTag with '/' as '_'&gt;_&lt;key&gt;</c>, under the tag <paramref name="mainTag"/>.
    /// </summary>
    public void AddScalars(string mainTag, IReadOnlyDictionary<string, double> values, long step, double? wallTime = null)
    {
        CheckTag(mainTag);
        ArgumentNullException.ThrowIfNull(values);
        double time = wallTime ?? UnixTime.Now();
        foreach (var (key, value) in values)
        {
            string runDir = LogDir + "/" + mainTag.Replace('/', '_') + "_" + key;
            SubRun(runDir).Enqueue(new QueuedEvent(QueuedEventKind.Scalar, time, step, mainTag, value, null));
        }
    }

    /// <summary>A histogram of a tensor's values (any dtype, any shape), with TensorFlow's default buckets.</summary>
    public void AddHistogram(string tag, Tensor values, long step, double? wallTime = null)
    {
        ArgumentNullException.ThrowIfNull(values);
        CheckOnCpu(tag, values);
        if (values.DType == DType.Float32) AddHistogramCopy(tag, values.Detach().ToArray<float>(), step, wallTime);
        else AddHistogramCopy(tag, values.Detach().ToArray<double>(), step, wallTime);
    }

    /// <summary>A histogram of the values, with TensorFlow's default buckets (PyTorch's <c>bins="tensorflow"</c>).</summary>
    public void AddHistogram(string tag, ReadOnlySpan<float> values, long step, double? wallTime = null) =>
        AddHistogramCopy(tag, values.ToArray(), step, wallTime);

    /// <summary>A histogram of the values, with TensorFlow's default buckets (PyTorch's <c>bins="tensorflow"</c>).</summary>
    public void AddHistogram(string tag, ReadOnlySpan<double> values, long step, double? wallTime = null) =>
        AddHistogramCopy(tag, values.ToArray(), step, wallTime);

    /// <summary>Text (TensorBoard's Text tab, Markdown), under the tag <c>&lt;tag&gt;/text_summary</c> as in PyTorch.</summary>
    public void AddText(string tag, string text, long step, double? wallTime = null)
    {
        CheckTag(tag);
        ArgumentNullException.ThrowIfNull(text);
        _main.Enqueue(new QueuedEvent(QueuedEventKind.Text, wallTime ?? UnixTime.Now(), step, tag, 0, text));
    }

    /// <summary>
    /// Hyper-parameters and the metrics they reached, for TensorBoard's HParams tab. As in PyTorch, this
    /// writes a separate run <c>&lt;logDir&gt;/&lt;runName&gt;</c> (default: the current Unix time) holding the
    /// experiment, session-start and session-end records and one scalar per metric, and closes it before
    /// returning. Values may be numbers, strings, bools, one-element tensors or null (skipped).
    /// </summary>
    public void AddHparams(IReadOnlyDictionary<string, object?> hparams, IReadOnlyDictionary<string, double> metrics, string? runName = null, long? step = null)
    {
        ArgumentNullException.ThrowIfNull(hparams);
        ArgumentNullException.ThrowIfNull(metrics);
        var values = HParamsEncoder.Convert(hparams);
        double now = UnixTime.Now();
        runName = string.IsNullOrEmpty(runName) ? PythonFloatRepr(now) : runName;
        using var run = new EventFileWriter(Path.Combine(LogDir, runName), _maxQueue, _flushInterval, _filenameSuffix);
        run.Enqueue(PluginRecord(HParamsEncoder.ExperimentTag, HParamsEncoder.Experiment(values, metrics.Keys), now, step));
        run.Enqueue(PluginRecord(HParamsEncoder.SessionStartTag, HParamsEncoder.SessionStart(values), now, step));
        run.Enqueue(PluginRecord(HParamsEncoder.SessionEndTag, HParamsEncoder.SessionEnd(), now, step));
        foreach (var (tag, value) in metrics)
        {
            CheckTag(tag);
            run.Enqueue(new QueuedEvent(QueuedEventKind.Scalar, UnixTime.Now(), step, tag, value, null));
        }
        run.Flush();
    }

    /// <summary>Blocks until everything added so far is in the files.</summary>
    public void Flush()
    {
        _main.Flush();
        foreach (var run in SubRunsSnapshot()) run.Flush();
    }

    /// <summary>
    /// Writes everything still queued and closes the files. Adding afterwards throws. Never throws itself (it
    /// runs in <c>using</c> blocks, often while another exception unwinds): a file that could not be written
    /// is reported in <see cref="Failure"/> and as one warning line on standard error.
    /// </summary>
    public void Dispose()
    {
        lock (_subRunsLock)
        {
            if (_disposed) return;
            _disposed = true;
        }
        var files = new List<EventFileWriter> { _main };
        files.AddRange(SubRunsSnapshot());
        foreach (var file in files)
        {
            file.Dispose();
            if (file.Failure is { } e && Failure is null)
            {
                Failure = new IOException($"SummaryWriter: writing the event file '{file.FilePath}' failed: {e.Message}", e);
                Console.Error.WriteLine($"warning: {Failure.Message} (the TensorBoard log is incomplete)");
            }
        }
    }

    /// <summary>After <see cref="Dispose"/>: the first error writing or closing an event file, or null if all were written.</summary>
    public IOException? Failure { get; private set; }

    /// <param name="values">A float[] or double[] the caller no longer touches: it is bucketed on the background thread.</param>
    private void AddHistogramCopy<T>(string tag, T[] values, long step, double? wallTime) where T : unmanaged, INumberBase<T>
    {
        CheckTag(tag);
        CheckHistogramInput<T>(tag, values);
        _main.Enqueue(new QueuedEvent(QueuedEventKind.Histogram, wallTime ?? UnixTime.Now(), step, tag, 0, values));
    }

    /// <summary>Checked here, on the caller's thread, so a bad input is the caller's exception, not the writer thread's.</summary>
    private static void CheckHistogramInput<T>(string tag, ReadOnlySpan<T> values) where T : unmanaged, INumberBase<T>
    {
        if (values.Length == 0)
            throw new ArgumentException($"Histogram '{tag}': the input has no element.", nameof(values));
        double lowest = TensorFlowHistogram.DefaultEdges[0], highest = TensorFlowHistogram.DefaultEdges[^1];
        bool anyInRange = false;
        for (int i = 0; i < values.Length; i++)
        {
            double v = double.CreateTruncating(values[i]);
            if (!double.IsFinite(v))
                throw new ArgumentException($"Histogram '{tag}': element {i} is {v}; histogram values must be finite.", nameof(values));
            anyInRange |= v >= lowest && v <= highest;
        }
        if (!anyInRange)
            throw new ArgumentException($"Histogram '{tag}': every value lies outside TensorFlow's default bucket range [{lowest:G3}, {highest:G3}].", nameof(values));
    }

    private static void CheckOnCpu(string tag, Tensor values)
    {
        if (values.Device != Device.Cpu)
            throw new ArgumentException($"Histogram '{tag}': the tensor is on {values.Device}; move it to the CPU first.", nameof(values));
    }

    private static QueuedEvent PluginRecord(string tag, byte[] content, double wallTime, long? step) =>
        new(QueuedEventKind.Plugin, wallTime, step, tag, 0, (HParamsEncoder.PluginName, content));

    private EventFileWriter SubRun(string runDir)
    {
        lock (_subRunsLock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (!_subRuns.TryGetValue(runDir, out var run))
            {
                run = new EventFileWriter(runDir, _maxQueue, _flushInterval, _filenameSuffix);
                _subRuns.Add(runDir, run);
            }
            return run;
        }
    }

    private EventFileWriter[] SubRunsSnapshot()
    {
        lock (_subRunsLock) return [.. _subRuns.Values];
    }

    private static void CheckTag(string tag)
    {
        if (string.IsNullOrEmpty(tag))
            throw new ArgumentException("A summary tag must be a non-empty string, e.g. \"loss/train\".", nameof(tag));
    }

    /// <summary>PyTorch's default: os.path.join("runs", strftime("%b%d_%H-%M-%S") + "_" + hostname + comment).</summary>
    private static string DefaultLogDir(string comment) =>
        Path.Combine("runs", DateTime.Now.ToString("MMMdd_HH-mm-ss", CultureInfo.InvariantCulture) + "_" + Dns.GetHostName() + comment);

    /// <summary>str(time.time()) as Python prints it: shortest round-trip digits, always with a decimal point.</summary>
    private static string PythonFloatRepr(double value)
    {
        string s = value.ToString("R", CultureInfo.InvariantCulture);
        return s.Contains('.') || s.Contains('E') ? s : s + ".0";
    }
}
