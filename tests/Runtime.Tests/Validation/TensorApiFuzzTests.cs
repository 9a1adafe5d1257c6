using CsCheck;

namespace GraphGen.Tests.Validation;

/// <summary>
/// Property test of the public tensor API under hostile input: random shapes (negative, overflowing),
/// dims, indices, lengths, values (NaN, infinities, out-of-range) and dtypes (undefined ones too) are thrown at
/// factories, views, reductions, arithmetic, in-place ops, conversions and backward. Every call must either give
/// a correct result or throw one of the library's documented exception types (see <see cref="Documented"/>),
/// never an internal one (NullReference, IndexOutOfRange, Overflow, InvalidCast, DivideByZero, ...) and never
/// hang. Valid shapes are kept small, and overflowing ones are built from pairs of huge sizes, so no call can
/// legitimately allocate gigabytes.
/// </summary>
public class TensorApiFuzzTests
{
    /// <summary>What a bad argument may raise: the ArgumentException family, InvalidOperationException
    /// (state: wrong dtype, not contiguous, NaN read as an integer) and NotSupportedException (an op
    /// without a kernel for a dtype or device).</summary>
    internal static bool Documented(Exception e) =>
        e is ArgumentException or InvalidOperationException or NotSupportedException;

    /// <summary>Messages .NET writes when a guard gives no message of its own: an error must say more.</summary>
    private static readonly string[] AnonymousMessages =
    [
        "Value does not fall within the expected range.",
        "Specified argument was out of the range of valid values.",
        "Operation is not valid due to the current state of the object.",
        "Specified method is not supported.",
    ];

    private static readonly TimeSpan CaseTimeout = TimeSpan.FromSeconds(10);

    /// <summary>One API call: what it is (for the failure report), how to run it, and what a success must satisfy.</summary>
    public sealed record ApiCall(string Description, Func<object?> Run, Action<object?> Verify)
    {
        public override string ToString() => Description;
    }

    /// <summary>A tensor to build afresh for each run (in-place ops change it).</summary>
    public sealed record TensorSpec(int[] Shape, DType DType, double[] Values, bool Transposed)
    {
        public Tensor Build()
        {
            var t = Tensor.From(Values, DType.Float64).Reshape(Shape);
            if (Transposed && Shape.Length >= 2) t = t.Transpose(0, 1).Contiguous().Transpose(0, 1); // same values, non-contiguous
            return t.To(DType);
        }

        public override string ToString() =>
            $"Tensor([{string.Join(", ", Shape)}], {DType}{(Transposed ? ", transposed" : "")}, values [{string.Join(", ", Values.Take(6))}{(Values.Length > 6 ? ", ..." : "")}])";
    }

    private static readonly DType[] DefinedDtypes = [DType.Float32, DType.Float64, DType.Int64, DType.Int32, DType.Bool];

    internal static readonly Gen<DType> AnyDtype = Gen.Frequency(
        (12, Gen.OneOf(DefinedDtypes)),
        (1, Gen.OneOf((DType)42, (DType)(-1))));

    private static readonly Gen<int> Size = Gen.Frequency((12, Gen.Int[0, 4]), (2, Gen.OneOf(-1, -2)), (1, Gen.Const(int.MinValue)));

    private static readonly Gen<int> HugeSize = Gen.OneOf(65536, 1073741825, int.MaxValue);

    /// <summary>Small shapes (with negative sizes now and then), or shapes with two huge sizes whose product overflows int.</summary>
    internal static readonly Gen<int[]> ArgShape = Gen.Frequency(
        (8, Size.Array[0, 4]),
        (2, from small in Gen.Int[1, 3].Array[0, 2]
            from a in HugeSize
            from b in HugeSize
            from at in Gen.Int[0, 2]
            select small.Take(Math.Min(at, small.Length)).Append(a).Append(b).Concat(small.Skip(Math.Min(at, small.Length))).ToArray()));

    internal static readonly Gen<int> IntArg = Gen.Frequency((12, Gen.Int[-4, 4]), (1, Gen.OneOf(int.MaxValue, int.MinValue, 65536)));

    internal static readonly Gen<double> Value = Gen.Frequency(
        (8, Gen.Double[-4, 4]),
        (3, Gen.OneOf(0.0, 1.0, -1.0, 0.5, 2.0)),
        (2, Gen.OneOf(double.NaN, double.PositiveInfinity, double.NegativeInfinity, 1e40, 1e10, -1e19, 1e12, 3e9)));

    /// <summary>Range bounds: small, non-finite, or so far apart (1e12) that every step here gives too many elements.</summary>
    private static readonly Gen<double> Bound = Gen.Frequency(
        (8, Gen.Double[-6, 6]),
        (2, Gen.OneOf(double.NaN, double.PositiveInfinity, double.NegativeInfinity, 1e12, -1e12)));

    internal static readonly Gen<TensorSpec> AnyTensor =
        from shape in Gen.Int[0, 3].Array[0, 3]
        from dtype in Gen.OneOf(DefinedDtypes)
        from values in Gen.Frequency((10, Gen.Double[-3, 3]), (1, Gen.OneOf(double.NaN, double.PositiveInfinity, 0.0))).Array[Product(shape)]
        from transposed in Gen.Bool
        select new TensorSpec(shape, dtype, values.Select(v => dtype.IsFloating() ? v : double.IsFinite(v) ? Math.Round(v) : 0).ToArray(), transposed);

    private static int Product(int[] shape) => shape.Aggregate(1, (a, b) => a * b);

    internal static ApiCall Call(string description, Func<object?> run, Action<object?>? verify = null) => new(description, run, verify ?? (_ => { }));

    private static readonly Gen<ApiCall> ViewCalls =
        from t in AnyTensor
        from shape in ArgShape
        from op in Gen.OneOf("View", "Reshape", "Expand")
        select Call($"{t}.{op}({string.Join(", ", shape)})",
            () => op switch
            {
                "View" => t.Build().View(shape),
                "Reshape" => t.Build().Reshape(shape),
                _ => t.Build().Expand(shape),
            },
            r =>
            {
                var result = (Tensor)r!;
                if (op == "Expand") Assert.Equal(shape.Length, result.Rank);
                else Assert.Equal(t.Build().ToArray<double>(), result.ToArray<double>());
            });

    private static readonly Gen<ApiCall> IndexCalls =
        from t in AnyTensor
        from a in IntArg
        from b in IntArg
        from c in IntArg
        from op in Gen.OneOf("Narrow", "Select", "Slice", "Transpose", "Squeeze", "Unsqueeze", "Flatten", "Size", "Indexer")
        select Call($"{t}.{op}({a}, {b}, {c})", () => op switch
        {
            "Narrow" => t.Build().Narrow(a, b, c),
            "Select" => t.Build().Select(a, b),
            "Slice" => t.Build().Slice(a, b, c),
            "Transpose" => t.Build().Transpose(a, b),
            "Squeeze" => t.Build().Squeeze(a),
            "Unsqueeze" => t.Build().Unsqueeze(a),
            "Flatten" => t.Build().Flatten(a, b),
            "Size" => t.Build().Size(a),
            _ => t.Build()[a],
        }, r =>
        {
            if (op == "Narrow") Assert.Equal(c, ((Tensor)r!).Size(a));
        });

    private static readonly Gen<ApiCall> ReductionCalls =
        from t in AnyTensor
        from dim in IntArg
        from op in Gen.OneOf("Sum", "SumDim", "Mean", "MeanDim", "Max", "MaxDim", "ArgMax", "Softmax", "LogSoftmax")
        select Call($"{t}.{op}({dim})", () => op switch
        {
            "Sum" => t.Build().Sum(),
            "SumDim" => t.Build().Sum(dim),
            "Mean" => t.Build().Mean(),
            "MeanDim" => t.Build().Mean(dim),
            "Max" => t.Build().Max(),
            "MaxDim" => t.Build().Max(dim).Values,
            "ArgMax" => t.Build().ArgMax(dim),
            "Softmax" => t.Build().Softmax(dim),
            _ => t.Build().LogSoftmax(dim),
        }, r =>
        {
            if (op != "Sum" || t.DType == DType.Bool) return;
            double expected = t.Build().ToArray<double>().Sum();
            double actual = ((Tensor)r!).Item<double>();
            if (double.IsNaN(expected)) Assert.True(double.IsNaN(actual), $"sum {actual}, expected NaN");
            else if (double.IsFinite(expected) && t.DType is DType.Float32 or DType.Float64)
                Assert.Equal(expected, actual, 1e-3 * (1 + Math.Abs(expected)));
        });

    private static readonly Gen<ApiCall> BinaryCalls =
        from a in AnyTensor
        from b in AnyTensor
        from op in Gen.OneOf("Add", "Sub", "Mul", "Div", "Maximum", "MatMul", "Lt", "Add_", "Copy_", "Pow")
        select Call($"{a}.{op}({b})", () => op switch
        {
            "Add" => a.Build() + b.Build(),
            "Sub" => a.Build() - b.Build(),
            "Mul" => a.Build() * b.Build(),
            "Div" => a.Build() / b.Build(),
            "Maximum" => a.Build().Maximum(b.Build()),
            "MatMul" => a.Build().MatMul(b.Build()),
            "Lt" => a.Build().Lt(b.Build()),
            "Add_" => a.Build().Add_(b.Build()),
            "Copy_" => a.Build().Copy_(b.Build()),
            _ => a.Build().Pow(b.Build()),
        }, r =>
        {
            if (op is "Add" or "Sub" or "Mul" or "Div" or "Lt")
                Assert.Equal(BroadcastPropertyTests.ReferenceShape(a.Shape, b.Shape), ((Tensor)r!).Shape.ToArray());
        });

    private static readonly Gen<ApiCall> ScalarCalls =
        from t in AnyTensor
        from v in Value
        from op in Gen.OneOf("AddDouble", "AddLong", "MulDouble", "PowDouble", "Fill_", "Div_", "ToDtype", "ItemLong", "ItemInt", "ItemFloat")
        from dtype in AnyDtype
        select Call($"{t}.{op}({v}, {dtype})", () => op switch
        {
            "AddDouble" => t.Build() + v,
            "AddLong" => t.Build() + (double.IsFinite(v) && Math.Abs(v) < 9e18 ? (long)v : 1L << 40),
            "MulDouble" => t.Build() * v,
            "PowDouble" => t.Build().Pow(v),
            "Fill_" => t.Build().Fill_(v),
            "Div_" => t.Build().Div_(v),
            "ToDtype" => t.Build().To(dtype),
            "ItemLong" => t.Build().Item<long>(),
            "ItemInt" => t.Build().Item<int>(),
            _ => t.Build().Item<float>(),
        }, r =>
        {
            if (op == "Fill_" && t.DType is DType.Float64) Assert.All(((Tensor)r!).ToArray<double>(), x => Assert.Equal(v, x));
        });

    private static readonly Gen<ApiCall> FactoryCalls =
        from shape in ArgShape
        from v in Value
        from start in Bound
        from end in Bound
        from step in Gen.OneOf(1.0, -1.0, 0.5, -0.5, 2.0, 0.0, double.NaN, double.PositiveInfinity)
        from dtype in AnyDtype
        from op in Gen.OneOf("Zeros", "Ones", "Full", "Arange", "ArangeLong", "Rand", "Scalar")
        select Call($"{op}([{string.Join(", ", shape)}], value {v}, range {start} -> {end} step {step}, {dtype})", () => op switch
        {
            "Zeros" => Tensor.Zeros(shape, dtype),
            "Ones" => Tensor.Ones(shape, dtype),
            "Full" => Tensor.Full(shape, v, dtype),
            "Arange" => Tensor.Arange(start, end, step, dtype),
            "ArangeLong" => Tensor.Arange(ClampToLong(start), ClampToLong(end), double.IsFinite(step) ? (long)step : 0),
            "Rand" => Tensor.Rand(shape, new RandomGenerator(1), dtype),
            _ => Tensor.Scalar(v, dtype),
        }, r =>
        {
            var result = (Tensor)r!;
            if (op is "Zeros" or "Ones" or "Full" or "Rand") Assert.Equal(shape, result.Shape.ToArray());
            if (op == "Full" && dtype == DType.Float64) Assert.All(result.ToArray<double>(), x => Assert.Equal(v, x));
            if (op == "Arange") Assert.Equal((int)Math.Ceiling((end - start) / step), result.NumEl);
        });

    private static readonly Gen<ApiCall> BackwardCalls =
        from t in AnyTensor
        from op in Gen.OneOf("Log", "Sqrt", "Exp", "Relu", "Sigmoid", "Tanh", "Abs", "Softmax")
        from anomaly in Gen.Bool
        select Call($"{t}.RequiresGrad_().{op}().Sum().Backward() (DetectAnomaly: {anomaly})", () =>
        {
            var x = t.Build().RequiresGrad_();
            using var scope = anomaly ? Autograd.DetectAnomaly() : null;
            var y = op switch
            {
                "Log" => x.Log(),
                "Sqrt" => x.Sqrt(),
                "Exp" => x.Exp(),
                "Relu" => x.Relu(),
                "Sigmoid" => x.Sigmoid(),
                "Tanh" => x.Tanh(),
                "Abs" => x.Abs(),
                _ => x.Softmax(-1),
            };
            y.Sum().Backward();
            return x.Grad;
        }, r => Assert.Equal(t.Shape, ((Tensor)r!).Shape.ToArray()));

    private static long ClampToLong(double v) => double.IsNaN(v) ? 0 : (long)Math.Clamp(v, -1e15, 1e15);

    /// <summary>Runs one call on a worker with a deadline; a success is verified and printed, a failure must be documented.</summary>
    internal static void Check(ApiCall call) => Check(call, CaseTimeout);

    private static void Check(ApiCall call, TimeSpan timeout)
    {
        var task = Task.Run(() =>
        {
            object? result;
            try
            {
                result = call.Run();
            }
            catch (Exception e)
            {
                return e;
            }
            call.Verify(result);
            if (result is Tensor { NumEl: <= 10_000 } t) _ = t.ToString(); // printing must cope with whatever came back
            return null;
        });
        if (!task.Wait(timeout))
            Assert.Fail($"{call.Description} did not finish within {timeout.TotalSeconds} s (a hang).");
        if (task.Result is not { } error) return;
        Assert.True(Documented(error), $"{call.Description} threw the internal {error.GetType().Name}: {error.Message}\n{error.StackTrace}");
        Assert.DoesNotContain(error.Message, AnonymousMessages);
        Assert.False(string.IsNullOrWhiteSpace(error.Message));
    }

    [Fact]
    public void ViewsOfRandomShapesGiveTheSameValuesOrADocumentedError() => ViewCalls.Sample(Check, iter: 1500);

    [Fact]
    public void RandomDimsIndicesAndLengthsGiveAResultOrADocumentedError() => IndexCalls.Sample(Check, iter: 1500);

    [Fact]
    public void ReductionsOverRandomDimsGiveTheSumOrADocumentedError() => ReductionCalls.Sample(Check, iter: 1500);

    [Fact]
    public void BinaryOpsOnRandomPairsBroadcastOrGiveADocumentedError() => BinaryCalls.Sample(Check, iter: 1500);

    [Fact]
    public void HostileScalarsAndDtypesGiveAResultOrADocumentedError() => ScalarCalls.Sample(Check, iter: 1500);

    [Fact]
    public void FactoriesWithHostileShapesValuesAndDtypesGiveAResultOrADocumentedError() => FactoryCalls.Sample(Check, iter: 1500);

    [Fact]
    public void BackwardThroughRandomOpsGivesGradientsOrADocumentedError() => BackwardCalls.Sample(Check, iter: 800);

    [Fact]
    public void TheCheckItselfRejectsInternalExceptionsAndHangsAreBounded()
    {
        // The property is only as good as its oracle: an internal exception type must fail it.
        Assert.ThrowsAny<Xunit.Sdk.XunitException>(() => Check(Call("throws NullReferenceException", () => throw new NullReferenceException())));
        Assert.ThrowsAny<Xunit.Sdk.XunitException>(() => Check(Call("throws OverflowException", () => throw new OverflowException())));
        Check(Call("throws a documented ArgumentException", () => throw new ArgumentException("shape [-1] is invalid")));
        var hang = Assert.ThrowsAny<Xunit.Sdk.XunitException>(() => Check(Call("sleeps", () => { Thread.Sleep(2000); return null; }), TimeSpan.FromMilliseconds(100)));
        Assert.Contains("a hang", hang.Message);
    }
}
