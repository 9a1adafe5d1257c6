namespace GraphGen;

/// <summary>
/// In-place ops (PyTorch's trailing underscore). With autograd on, an in-place op on a non-leaf
/// rebases its history: the new value is computed functionally from a snapshot of the old one, and
/// the tensor takes over the result's node. On a view, the root tensor it views is rebased too
/// (PyTorch's CopySlices), so gradients through the base see the write.
/// </summary>
public sealed partial class Tensor
{
    public Tensor Add_(Tensor other) => InPlace(BinaryKind.Add, other, "Add_");

    public Tensor Add_(double other) => InPlace(BinaryKind.Add, ScalarFor(this, other, true), "Add_");

    public Tensor Sub_(Tensor other) => InPlace(BinaryKind.Sub, other, "Sub_");

    public Tensor Sub_(double other) => InPlace(BinaryKind.Sub, ScalarFor(this, other, true), "Sub_");

    public Tensor Mul_(Tensor other) => InPlace(BinaryKind.Mul, other, "Mul_");

    public Tensor Mul_(double other) => InPlace(BinaryKind.Mul, ScalarFor(this, other, true), "Mul_");

    public Tensor Div_(Tensor other) => InPlace(BinaryKind.Div, other, "Div_");

    public Tensor Div_(double other) => InPlace(BinaryKind.Div, ScalarFor(this, other, true), "Div_");

    /// <summary>Sets every element to zero in place.</summary>
    public Tensor Zero_() => Fill_(0);

    /// <summary>Sets every element to <paramref name="value"/> in place.</summary>
    public Tensor Fill_(double value)
    {
        CheckInPlace("Fill_");
        DType.CheckRepresentable(value, "Fill_");
        if (Autograd.IsGradEnabled && RequiresGrad)
        {
            // The old values get no gradient; the tensor stays in the graph (FillBackward0).
            var shape = ShapeArray;
            var dtype = DType;
            AssignWithHistory(previous => Autograd.Record("FillBackward0", Full(shape, value, dtype), static _ => [null], previous), "FillBackward0");
            return this;
        }
        FillRaw(value);
        return this;
    }

    /// <summary>Copies <paramref name="source"/> (broadcast, converted to this dtype and moved to this device) into this tensor. Differentiable.</summary>
    public Tensor Copy_(Tensor source)
    {
        ArgumentNullException.ThrowIfNull(source);
        CheckInPlace("Copy_");
        // As PyTorch's copy_, the source may live on another device (a CPU checkpoint loaded into a CUDA model): copied over first.
        if (source.Device != Device) source = source.To(Device);
        var shape = Shape.Broadcast(ShapeArray, source.ShapeArray, "Copy_");
        if (!shape.AsSpan().SequenceEqual(ShapeArray))
            throw new ArgumentException($"Copy_: source of shape {source.Shape} cannot be broadcast to the destination's shape {Shape}.", nameof(source));
        if (Autograd.IsGradEnabled && (RequiresGrad || source.RequiresGrad))
        {
            var target = ShapeArray;
            var dtype = DType;
            AssignWithHistory(_ => source.To(dtype).Expand(target), "CopyBackwards");
            return this;
        }
        Tensor converted;
        using (Autograd.NoGrad()) converted = source.To(DType).Expand(ShapeArray).Contiguous();
        WriteContiguous(converted);
        return this;
    }

    private Tensor InPlace(BinaryKind kind, Tensor other, string op)
    {
        ArgumentNullException.ThrowIfNull(other);
        CheckInPlace(op);
        bool hostScalar = other.Storage is CpuStorage && other.Rank == 0; // allowed next to a CUDA tensor, as in PyTorch
        if (!hostScalar) EnsureSameDevice(other, op);
        var shape = Shape.Broadcast(ShapeArray, other.ShapeArray, op);
        if (!shape.AsSpan().SequenceEqual(ShapeArray))
            throw new ArgumentException($"{op}: output with shape {Shape} doesn't match the broadcast shape {Shape.Format(shape)} (the other operand has shape {other.Shape}).", nameof(other));
        var rt = ResultType(kind, this, other, op);
        if (rt != DType && rt.IsFloating() && !DType.IsFloating())
            throw new InvalidOperationException($"{op}: result type {rt.TorchName()} can't be cast to the desired output type {DType.TorchName()} (this tensor has dtype {DType.TorchName()}, the other operand {other.DType.TorchName()}).");

        if (Autograd.IsGradEnabled && (RequiresGrad || other.RequiresGrad))
        {
            // x.Mul_(x): the operand's memory is about to be overwritten, so the graph keeps a copy.
            if (ReferenceEquals(other.Storage, Storage)) other = other.Clone();
            AssignWithHistory(previous => kind switch
            {
                BinaryKind.Add => previous + other,
                BinaryKind.Sub => previous - other,
                BinaryKind.Mul => previous * other,
                _ => previous / other,
            }, op);
            return this;
        }

        // Writing while reading is safe only when both sides walk the memory in the same order.
        bool aliased = ReferenceEquals(other.Storage, Storage) && !SameGeometry(other);
        if (IsContiguous && rt == DType && !aliased)
        {
            Storage.Version++;
            ComputeInto(kind, this, other, this, op);
            return this;
        }
        using (Autograd.NoGrad()) WriteContiguous(Compute(kind, this, other, op).To(DType).Contiguous());
        return this;
    }

    /// <summary>
    /// Writes <paramref name="compute"/>(old value) into this tensor and rebases the autograd history:
    /// the old value lives on as a snapshot carrying the old node, and this tensor (or, for a view,
    /// its root) takes the new node.
    /// </summary>
    private void AssignWithHistory(Func<Tensor, Tensor> compute, string op)
    {
        var previous = Detach().Clone();
        if (_gradFn is not null) previous.SetGradFn(_gradFn);
        else previous._requiresGrad = _requiresGrad;
        var r = compute(previous);
        if (!r.RequiresGrad)
            r = Autograd.Record(op, r.Detach(), static _ => [null], previous);
        using (Autograd.NoGrad()) WriteContiguous(r.To(DType).Contiguous());
        if (_viewBase is { } root) RebaseViewAndRoot(root, r);
        else SetGradFn(r.GradFn!);
    }

    /// <summary>
    /// After writing <paramref name="written"/> into this view: the root's new node routes the region's
    /// gradient to <paramref name="written"/> and the rest to the root's old history; this view's new node
    /// reads its region of the root's gradient.
    /// </summary>
    private void RebaseViewAndRoot(Tensor root, Tensor written)
    {
        if (!root.IsContiguous)
            throw new NotSupportedException($"In-place op on a view of a non-contiguous tensor (shape {root.Shape}) that requires grad; call Contiguous() on the base first.");
        var oldRoot = new Tensor(root.Storage, root.ShapeArray, root.Strides, root.Offset);
        if (root._gradFn is not null) oldRoot.SetGradFn(root._gradFn);
        else oldRoot._requiresGrad = root._requiresGrad;

        int[] shape = ShapeArray, strides = Strides, rootShape = root.ShapeArray;
        int offset = Offset - root.Offset;
        Tensor Region(Tensor full) => new(full.Storage, shape, strides, offset);

        Autograd.Record("CopySlices", root, g =>
        {
            var rest = g.Detach().Clone();
            var region = Region(rest);
            var forWritten = region.Clone();
            region.FillRaw(0);
            return [rest, forWritten];
        }, oldRoot, written);
        Autograd.Record("AsStridedBackward0", this, g =>
        {
            var full = Zeros(rootShape, g.DType, g.Device);
            Region(full).Copy_(g);
            return [full];
        }, root);
    }

    private bool SameGeometry(Tensor other)
        => Offset == other.Offset && ShapeArray.AsSpan().SequenceEqual(other.ShapeArray) && Strides.AsSpan().SequenceEqual(other.Strides);

    private void CheckInPlace(string op)
    {
        for (int i = 0; i < Rank; i++)
            if (Strides[i] == 0 && ShapeArray[i] > 1)
                throw new InvalidOperationException($"{op}: unsupported operation: more than one element of the written-to tensor refers to a single memory location (shape {Shape} is an expanded view). Please Clone() the tensor before performing the operation.");
        if (!Autograd.IsGradEnabled) return;
        if (_viewBase is { IsLeaf: true, RequiresGrad: true } root)
            throw new InvalidOperationException($"{op}: a view of a leaf Variable that requires grad is being used in an in-place operation (the leaf has shape {root.Shape}). Wrap it in 'using (Autograd.NoGrad())' or use the functional form.");
        if (IsLeaf && RequiresGrad)
            throw new InvalidOperationException($"{op}: a leaf Variable that requires grad is being used in an in-place operation (shape {Shape}). Wrap it in 'using (Autograd.NoGrad())' or use the functional form.");
    }

    /// <summary>Writes a contiguous tensor of this shape and dtype into this (possibly strided) tensor.</summary>
    private void WriteContiguous(Tensor src)
    {
        if (Storage is GpuStorage)
        {
            Storage.Version++;
            Kernels.Gpu.GpuTensorOps.WriteInto(this, src);
            return;
        }
        var srcData = ((CpuStorage)src.Storage).Data;
        var dstData = ((CpuStorage)Storage).Data;
        Storage.Version++;
        if (IsContiguous)
        {
            Array.Copy(srcData, src.Offset, dstData, Offset, NumEl);
            return;
        }
        var offsets = ElementOffsets();
        switch (dstData)
        {
            case float[] f: Scatter((float[])srcData, src.Offset, f, offsets); break;
            case double[] d: Scatter((double[])srcData, src.Offset, d, offsets); break;
            case long[] l: Scatter((long[])srcData, src.Offset, l, offsets); break;
            case int[] i: Scatter((int[])srcData, src.Offset, i, offsets); break;
            case bool[] b: Scatter((bool[])srcData, src.Offset, b, offsets); break;
        }

        static void Scatter<T>(T[] src, int start, T[] dst, int[] offsets)
        {
            for (int k = 0; k < offsets.Length; k++) dst[offsets[k]] = src[start + k];
        }
    }
}
