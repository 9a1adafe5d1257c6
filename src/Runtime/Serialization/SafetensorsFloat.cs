namespace GraphGen.Serialization;

/// <summary>How <see cref="Safetensors.Save"/> stores float32 tensors: as they are, or in half precision (PyTorch's <c>torch.float16</c>, <c>torch.bfloat16</c>).</summary>
public enum SafetensorsFloat
{
    /// <summary>float32, exactly (the default).</summary>
    F32,

    /// <summary>IEEE half precision: 10-bit mantissa, values up to 65504 (larger ones become infinity), rounded to nearest even.</summary>
    F16,

    /// <summary>bfloat16: float32's range with an 8-bit mantissa, rounded to nearest even.</summary>
    BF16,
}
