using System.Globalization;
using System.Text;

namespace GraphGen;

/// <summary>
/// Writes a tensor the way PyTorch's <c>torch/_tensor_str.py</c> does under its default print options,
/// so output can be compared with PyTorch's character for character: the same element formatter
/// (integral floats as <c>2.</c>, scientific notation for wide ranges, one width for all elements),
/// the same nesting, line wrapping, summarisation with <c>...</c> and suffixes.
/// </summary>
internal static class TensorFormatter
{
    // PyTorch's PRINT_OPTS defaults (sci_mode=None: the formatter decides).
    internal const int Precision = 4;
    internal const int Threshold = 1000;
    internal const int EdgeItems = 3;
    internal const int LineWidth = 80;

    private const string Prefix = "tensor(";

    public static string Format(Tensor tensor)
    {
        var values = tensor.Device == Device.Cpu ? tensor : tensor.Detach().To(Device.Cpu);
        return Format(tensor, values);
    }

    /// <summary>
    /// Prints <paramref name="tensor"/>'s device, dtype and autograd state around the elements of
    /// <paramref name="cpuValues"/>, its copy in CPU memory (the same tensor when it lives there).
    /// </summary>
    internal static string Format(Tensor tensor, Tensor cpuValues)
    {
        int indent = Prefix.Length;
        var suffixes = new List<string>();
        // PyTorch prints the device only when it differs from the default device (the CPU).
        if (tensor.Device.Type != DeviceType.Cpu) suffixes.Add($"device='{tensor.Device}'");

        string body;
        if (tensor.NumEl == 0)
        {
            // Like NumPy: the shape is shown unless it is (0,), and with no elements to tell
            // integers from floats, every dtype but the default float32 is named.
            if (tensor.Rank != 1) suffixes.Add("size=" + PythonTuple(tensor.ShapeArray));
            if (tensor.DType != DType.Float32) suffixes.Add("dtype=" + tensor.DType.TorchName());
            body = "[]";
        }
        else
        {
            if (tensor.DType is not (DType.Float32 or DType.Int64 or DType.Bool))
                suffixes.Add("dtype=" + tensor.DType.TorchName());
            body = new ElementsWriter(cpuValues).Write(indent);
        }

        if (tensor.GradFn is { } gradFn) suffixes.Add($"grad_fn=<{gradFn.Name}>");
        else if (tensor.RequiresGrad) suffixes.Add("requires_grad=True");

        return AddSuffixes(Prefix + body, suffixes, indent);
    }

    /// <summary>PyTorch's <c>_add_suffixes</c>: each suffix goes on the last line unless it would pass the line width.</summary>
    private static string AddSuffixes(string tensorString, List<string> suffixes, int indent)
    {
        var sb = new StringBuilder(tensorString);
        // Mirrors PyTorch's arithmetic exactly: the last line's length plus two.
        int lastLineLength = tensorString.Length - tensorString.LastIndexOf('\n') + 1;
        foreach (string suffix in suffixes)
        {
            if (lastLineLength + suffix.Length + 2 > LineWidth)
            {
                sb.Append(",\n").Append(' ', indent).Append(suffix);
                lastLineLength = indent + suffix.Length;
            }
            else
            {
                sb.Append(", ").Append(suffix);
                lastLineLength += suffix.Length + 2;
            }
        }
        return sb.Append(')').ToString();
    }

    /// <summary>Python's <c>"{:.Nf}".format(value)</c>: "nan", "inf", "-inf", and the sign of negative zero kept.</summary>
    /// <remarks>.NET formats from the exact binary value and sends exact ties to even digits, as Python does
    /// (<c>0.03125</c> to 4 places is <c>0.0312</c>); PrintingTests pins this.</remarks>
    private static string PythonFixed(double value, int precision)
        => double.IsFinite(value) ? value.ToString("F" + precision, CultureInfo.InvariantCulture) : PythonNonFinite(value);

    /// <summary>Python's <c>"{:.Ne}".format(value)</c>: <c>1.0000e-05</c>, the exponent with at least two digits.</summary>
    private static string PythonExponent(double value, int precision)
    {
        if (!double.IsFinite(value)) return PythonNonFinite(value);
        string dotnet = value.ToString("E" + precision, CultureInfo.InvariantCulture);  // "1.0000E-005"
        int e = dotnet.IndexOf('E');
        int exponent = int.Parse(dotnet.AsSpan(e + 1), CultureInfo.InvariantCulture);
        return dotnet[..e] + (exponent < 0 ? "e-" : "e+") + Math.Abs(exponent).ToString("00", CultureInfo.InvariantCulture);
    }

    private static string PythonNonFinite(double value) => double.IsNaN(value) ? "nan" : value > 0 ? "inf" : "-inf";

    /// <summary>Python's <c>str(tuple(shape))</c>: <c>(0, 3)</c>, <c>(0,)</c>.</summary>
    private static string PythonTuple(int[] shape)
        => shape.Length == 1 ? $"({shape[0]},)" : "(" + string.Join(", ", shape) + ")";

    /// <summary>One element as PyTorch's <c>tolist()</c> hands it to the formatter: a Python float, int or bool.</summary>
    private abstract record Element
    {
        public sealed record Floating(double Value) : Element;
        public sealed record Integer(long Value) : Element;
        public sealed record Boolean(bool Value) : Element;
    }

    /// <summary>PyTorch's <c>_tensor_str_with_formatter</c> and <c>_vector_str</c> over a CPU tensor's strided elements.</summary>
    private sealed class ElementsWriter
    {
        private readonly Tensor _tensor;
        private readonly Array _data;
        private readonly bool _summarize;
        private readonly ElementFormatter _formatter;

        public ElementsWriter(Tensor tensor)
        {
            _tensor = tensor;
            _data = ((CpuStorage)tensor.Storage).Data;
            _summarize = tensor.NumEl > Threshold;
            // The formatter sees only the elements that are printed (PyTorch's get_summarized_data).
            var printed = new List<int>();
            CollectPrinted(0, tensor.Offset, printed);
            _formatter = new ElementFormatter(tensor.DType.IsFloating(), printed.Select(Read));
        }

        public string Write(int indent) => Write(0, _tensor.Offset, indent);

        private string Write(int dim, int offset, int indent)
        {
            int rank = _tensor.Rank;
            if (rank == 0) return _formatter.Format(Read(offset));
            if (dim == rank - 1) return WriteVector(dim, offset, indent);

            var slices = new List<string>();
            foreach (int i in PrintedIndices(dim))
                slices.Add(i < 0 ? "..." : Write(dim + 1, offset + i * _tensor.Strides[dim], indent + 1));
            string separator = "," + new string('\n', rank - dim - 1) + new string(' ', indent + 1);
            return "[" + string.Join(separator, slices) + "]";
        }

        private string WriteVector(int dim, int offset, int indent)
        {
            int elementLength = _formatter.Width + 2;  // the element plus ", "
            int elementsPerLine = Math.Max(1, (int)Math.Floor((LineWidth - indent) / (double)elementLength));
            var items = new List<string>();
            foreach (int i in PrintedIndices(dim))
                items.Add(i < 0 ? " ..." : _formatter.Format(Read(offset + i * _tensor.Strides[dim])));

            var lines = items.Chunk(elementsPerLine).Select(line => string.Join(", ", line));
            return "[" + string.Join(",\n" + new string(' ', indent + 1), lines) + "]";
        }

        /// <summary>Indices printed along a dimension, -1 standing for the "..." gap.</summary>
        private IEnumerable<int> PrintedIndices(int dim)
        {
            int size = _tensor.ShapeArray[dim];
            if (!_summarize || size <= 2 * EdgeItems)
            {
                for (int i = 0; i < size; i++) yield return i;
                yield break;
            }
            for (int i = 0; i < EdgeItems; i++) yield return i;
            yield return -1;
            for (int i = size - EdgeItems; i < size; i++) yield return i;
        }

        private void CollectPrinted(int dim, int offset, List<int> printed)
        {
            if (dim == _tensor.Rank)
            {
                printed.Add(offset);
                return;
            }
            foreach (int i in PrintedIndices(dim))
                if (i >= 0) CollectPrinted(dim + 1, offset + i * _tensor.Strides[dim], printed);
        }

        private Element Read(int storageIndex) => _data switch
        {
            float[] f => new Element.Floating(f[storageIndex]),
            double[] d => new Element.Floating(d[storageIndex]),
            long[] l => new Element.Integer(l[storageIndex]),
            int[] i => new Element.Integer(i[storageIndex]),
            bool[] b => new Element.Boolean(b[storageIndex]),
            _ => throw new InvalidOperationException($"Cannot print elements stored as {_data.GetType().Name}."),
        };
    }

    /// <summary>
    /// PyTorch's <c>_Formatter</c>: picks one notation and one width for all printed elements, from
    /// their nonzero finite values (zeros, nan and inf do not vote).
    /// </summary>
    private sealed class ElementFormatter
    {
        private readonly bool _intMode = true;
        private readonly bool _sciMode;

        public ElementFormatter(bool floating, IEnumerable<Element> elements)
        {
            if (!floating)
            {
                foreach (var e in elements) Width = Math.Max(Width, Text(e).Length);
                return;
            }

            var values = elements.Select(e => ((Element.Floating)e).Value)
                .Where(v => double.IsFinite(v) && v != 0).ToList();
            if (values.Count == 0) return;

            double min = values.Min(Math.Abs), max = values.Max(Math.Abs);
            _intMode = values.All(v => v == Math.Ceiling(v));
            // Integral floats never switch to scientific notation for being small, only for a wide range.
            _sciMode = max / min > 1000.0 || max > 1.0e8 || (!_intMode && min < 1.0e-4);
            foreach (double v in values)
            {
                int length = _sciMode ? PythonExponent(v, Precision).Length
                    : _intMode ? PythonFixed(v, 0).Length + 1  // room for the trailing "."
                    : PythonFixed(v, Precision).Length;
                Width = Math.Max(Width, length);
            }
        }

        /// <summary>Width every element is right-aligned to (longer nan/inf/zero strings are not cut).</summary>
        public int Width { get; } = 1;

        public string Format(Element element) => Text(element).PadLeft(Width);

        private string Text(Element element) => element switch
        {
            Element.Floating f => FormatFloat(f.Value),
            Element.Integer i => i.Value.ToString(CultureInfo.InvariantCulture),
            Element.Boolean b => b.Value ? "True" : "False",
            _ => throw new InvalidOperationException($"Unknown element {element}."),
        };

        private string FormatFloat(double value)
        {
            if (_sciMode) return PythonExponent(value, Precision);
            if (!_intMode) return PythonFixed(value, Precision);
            // "2." marks an integral value as floating; nan and inf get no dot.
            string text = PythonFixed(value, 0);
            return double.IsFinite(value) ? text + "." : text;
        }
    }
}
