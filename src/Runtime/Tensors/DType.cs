namespace GraphGen;

/// <summary>Element type of a tensor. <see cref="Float32"/> is the default for floating data.</summary>
public enum DType
{
    Float32,
    Float64,
    Int64,
    Int32,
    /// <summary>Result of comparisons (masks).</summary>
    Bool,
}

/// <summary>Facts about dtypes: names as PyTorch prints them, sizes, promotion.</summary>
public static class DTypes
{
    /// <summary>PyTorch's name, as printed in <c>dtype=torch.float64</c>.</summary>
    public static string TorchName(this DType d) => d switch
    {
        DType.Float32 => "torch.float32",
        DType.Float64 => "torch.float64",
        DType.Int64 => "torch.int64",
        DType.Int32 => "torch.int32",
        DType.Bool => "torch.bool",
        _ => d.ToString(),
    };

    /// <summary>The name used in safetensors headers.</summary>
    public static string SafetensorsName(this DType d) => d switch
    {
        DType.Float32 => "F32",
        DType.Float64 => "F64",
        DType.Int64 => "I64",
        DType.Int32 => "I32",
        DType.Bool => "BOOL",
        _ => throw Undefined(d, nameof(d)),
    };

    /// <summary>DType is a closed set: a cast such as <c>(DType)42</c> is refused where it enters the library.</summary>
    public static void CheckDefined(this DType d, string paramName)
    {
        if (!Enum.IsDefined(d)) throw Undefined(d, paramName);
    }

    private static ArgumentOutOfRangeException Undefined(DType d, string paramName) =>
        new(paramName, d, $"undefined dtype {(int)d}; expected one of torch.float32, torch.float64, torch.int64, torch.int32, torch.bool (DType.Float32, Float64, Int64, Int32, Bool).");

    /// <summary>
    /// PyTorch's check when a Python number fills a tensor (<c>torch.full</c>, <c>fill_</c>): the value must fit
    /// the dtype. A finite value beyond float's range is refused rather than stored as inf; NaN and infinities
    /// are refused for integer dtypes (a decision: PyTorch leaves that conversion undefined).
    /// </summary>
    internal static void CheckRepresentable(this DType d, double value, string op)
    {
        bool fits = d switch
        {
            DType.Float32 => !double.IsFinite(value) || Math.Abs(value) <= float.MaxValue,
            DType.Float64 or DType.Bool => true,
            DType.Int64 => value >= long.MinValue && value < 9223372036854775808.0, // 2^63 itself does not fit
            DType.Int32 => value >= int.MinValue && value <= int.MaxValue,
            _ => throw Undefined(d, "dtype"),
        };
        if (!fits)
            throw new ArgumentException($"{op}: value cannot be converted to type {CName(d)} without overflow: {value} does not fit {d.TorchName()}.", "value");
    }

    /// <summary>The C++ type PyTorch names in its conversion errors ("value cannot be converted to type float ...").</summary>
    private static string CName(DType d) => d switch
    {
        DType.Float32 => "float",
        DType.Float64 => "double",
        DType.Int64 => "int64_t",
        DType.Int32 => "int32_t",
        _ => "bool",
    };

    public static bool IsFloating(this DType d) => d is DType.Float32 or DType.Float64;

    public static int ElementSize(this DType d) => d switch
    {
        DType.Float32 or DType.Int32 => 4,
        DType.Float64 or DType.Int64 => 8,
        DType.Bool => 1,
        _ => throw Undefined(d, nameof(d)),
    };

    public static DType Of<T>()
    {
        if (typeof(T) == typeof(float)) return DType.Float32;
        if (typeof(T) == typeof(double)) return DType.Float64;
        if (typeof(T) == typeof(long)) return DType.Int64;
        if (typeof(T) == typeof(int)) return DType.Int32;
        if (typeof(T) == typeof(bool)) return DType.Bool;
        throw new NotSupportedException($"Element type {typeof(T).Name} is not supported; expected float, double, long, int or bool.");
    }

    /// <summary>PyTorch's result type of a binary op between two tensors.</summary>
    public static DType Promote(DType a, DType b)
    {
        if (a == b) return a;
        return Rank(a) >= Rank(b) ? a : b;
    }

    // bool < int32 < int64 < float32 < float64, as torch.promote_types orders them.
    private static int Rank(DType d) => d switch
    {
        DType.Bool => 0,
        DType.Int32 => 1,
        DType.Int64 => 2,
        DType.Float32 => 3,
        _ => 4,
    };
}
