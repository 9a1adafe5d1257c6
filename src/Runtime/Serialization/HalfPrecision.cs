namespace GraphGen.Serialization;

/// <summary>What <see cref="Safetensors.Load(string, HalfPrecision)"/> does with F16 and BF16 tensors (checkpoints PyTorch saved in half precision).</summary>
public enum HalfPrecision
{
    /// <summary>Widen them to float32 tensors, exactly (every half value is a float32), so they load into float32 parameters (the default).</summary>
    ToFloat32,

    /// <summary>Refuse them: only float32 (and the other full-width dtypes) load, as before half precision was read.</summary>
    Refuse,
}
