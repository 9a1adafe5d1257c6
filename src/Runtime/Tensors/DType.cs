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
        _ => d.ToString(),
    };

    public static bool IsFloating(this DType d) => d is DType.Float32 or DType.Float64;

    public static int ElementSize(this DType d) => d switch
    {
        DType.Float32 or DType.Int32 => 4,
        DType.Float64 or DType.Int64 => 8,
        _ => 1,
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
