using CsCheck;

namespace GraphGen.Tests;

/// <summary>
/// Property tests of broadcasting: random shape pairs that broadcast give PyTorch's result shape,
/// the same values as an explicit index loop, and gradients of each input's shape equal to the
/// reference sums; random pairs that do not broadcast throw naming both shapes.
/// </summary>
public class BroadcastPropertyTests
{
    /// <summary>Two operand shapes derived from one output shape: leading dims dropped, some dims set to 1 (or 0-size).</summary>
    private static readonly Gen<(int[] A, int[] B, bool StridedA)> BroadcastablePair =
        from outShape in Gen.Frequency((12, Gen.Int[1, 4]), (1, Gen.Const(0))).Array[0, 4]
        from rankA in Gen.Int[0, outShape.Length]
        from rankB in Gen.Int[0, outShape.Length]
        from onesA in Gen.Bool.Array[outShape.Length]
        from onesB in Gen.Bool.Array[outShape.Length]
        from stridedA in Gen.Bool
        select (Operand(outShape, rankA, onesA), Operand(outShape, rankB, onesB), stridedA);

    private static int[] Operand(int[] outShape, int rank, bool[] ones)
    {
        int shift = outShape.Length - rank;
        return Enumerable.Range(shift, rank).Select(i => ones[i] ? 1 : outShape[i]).ToArray();
    }

    /// <summary>Independent statement of the rule: right-align, sizes equal or one of them 1.</summary>
    internal static int[] ReferenceShape(int[] a, int[] b)
    {
        int rank = Math.Max(a.Length, b.Length);
        var r = new int[rank];
        for (int i = 0; i < rank; i++)
        {
            int da = i - (rank - a.Length) >= 0 ? a[i - (rank - a.Length)] : 1;
            int db = i - (rank - b.Length) >= 0 ? b[i - (rank - b.Length)] : 1;
            r[i] = da == 1 ? db : da;
        }
        return r;
    }

    /// <summary>Row-major flat index into an operand of shape <paramref name="s"/> for output multi-index <paramref name="idx"/>.</summary>
    private static int SourceIndex(int[] s, int[] idx)
    {
        int flat = 0, shift = idx.Length - s.Length;
        for (int i = 0; i < s.Length; i++) flat = flat * s[i] + (s[i] == 1 ? 0 : idx[i + shift]);
        return flat;
    }

    private static IEnumerable<int[]> Indices(int[] shape)
    {
        int n = new Shape(shape).NumEl;
        var idx = new int[shape.Length];
        for (int k = 0; k < n; k++)
        {
            yield return idx;
            for (int d = shape.Length - 1; d >= 0; d--)
            {
                if (++idx[d] < shape[d]) break;
                idx[d] = 0;
            }
        }
    }

    private static double[] Values(int n, int seed)
    {
        var g = new RandomGenerator(seed);
        // Away from zero so division is well conditioned; exact in float32.
        return Enumerable.Range(0, n).Select(_ => (float)((0.5 + 1.5 * g.NextDouble()) * (g.NextDouble() < 0.5 ? -1 : 1))).Select(v => (double)v).ToArray();
    }

    /// <summary>A leaf holding <paramref name="values"/> and the operand to use: itself, or (if strided) a transposed view of a transposed copy.</summary>
    private static (Tensor Leaf, Tensor Operand, Func<Tensor, Tensor> GradOfOperand) Make(double[] values, int[] shape, DType dtype, bool strided)
    {
        var t = Tensor.From<double>(values, shape).To(dtype);
        if (!strided || shape.Length < 2)
        {
            t.RequiresGrad = dtype.IsFloating();
            return (t, t, g => g);
        }
        var leaf = t.Transpose(-1, -2).Contiguous().Detach().RequiresGrad_();
        return (leaf, leaf.Transpose(-1, -2), g => g.Transpose(-1, -2));
    }

    private static readonly string[] Ops = ["+", "-", "*", "/"];

    private static Tensor Apply(string op, Tensor a, Tensor b) => op switch
    {
        "+" => a + b,
        "-" => a - b,
        "*" => a * b,
        _ => a / b,
    };

    [Fact]
    public void ResultShapeAndValuesMatchAnExplicitLoop()
    {
        BroadcastablePair.Sample(p =>
        {
            var expectedShape = ReferenceShape(p.A, p.B);
            var va = Values(new Shape(p.A).NumEl, 1);
            var vb = Values(new Shape(p.B).NumEl, 2);
            var (_, a, _) = Make(va, p.A, DType.Float32, p.StridedA);
            var b = Tensor.From<double>(vb, p.B).To(DType.Float32);
            foreach (var op in Ops)
            {
                var r = Apply(op, a, b);
                Assert.Equal(expectedShape, r.Shape.ToArray());
                var got = r.ToArray<float>();
                int k = 0;
                foreach (var idx in Indices(expectedShape))
                {
                    // float32 + - * / round once, so the vectorised kernel must agree bit for bit.
                    float x = (float)va[SourceIndex(p.A, idx)], y = (float)vb[SourceIndex(p.B, idx)];
                    float want = op switch { "+" => x + y, "-" => x - y, "*" => x * y, _ => x / y };
                    Assert.Equal(want, got[k++]);
                }
            }
        }, iter: 300);
    }

    [Fact]
    public void GradientsHaveInputShapesAndEqualReferenceSums()
    {
        BroadcastablePair.Sample(p =>
        {
            var outShape = ReferenceShape(p.A, p.B);
            var va = Values(new Shape(p.A).NumEl, 3);
            var vb = Values(new Shape(p.B).NumEl, 4);
            var vu = Values(new Shape(outShape).NumEl, 5);
            foreach (var op in Ops)
            {
                var (leafA, a, gradOfA) = Make(va, p.A, DType.Float64, p.StridedA);
                var b = Tensor.From<double>(vb, p.B).RequiresGrad_();
                Apply(op, a, b).Backward(Tensor.From<double>(vu, outShape));

                var refA = new double[va.Length];
                var refB = new double[vb.Length];
                int k = 0;
                foreach (var idx in Indices(outShape))
                {
                    int ia = SourceIndex(p.A, idx), ib = SourceIndex(p.B, idx);
                    double u = vu[k++], x = va[ia], y = vb[ib];
                    (double da, double db) = op switch
                    {
                        "+" => (1.0, 1.0),
                        "-" => (1.0, -1.0),
                        "*" => (y, x),
                        _ => (1 / y, -x / (y * y)),
                    };
                    refA[ia] += u * da;
                    refB[ib] += u * db;
                }
                Assert.NotNull(leafA.Grad);
                Assert.NotNull(b.Grad);
                var ga = gradOfA(leafA.Grad!);
                Assert.Equal(p.A, ga.Shape.ToArray());
                Assert.Equal(p.B, b.Grad!.Shape.ToArray());
                AssertClose(refA, ga.ToArray<double>());
                AssertClose(refB, b.Grad.ToArray<double>());
            }
        }, iter: 200);
    }

    private static void AssertClose(double[] expected, double[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-12 * (1 + Math.Abs(expected[i])), $"element {i}: expected {expected[i]:R}, got {actual[i]:R}");
    }

    /// <summary>Shapes with one dimension where both sizes are at least 2 and differ.</summary>
    private static readonly Gen<(int[] A, int[] B)> IncompatiblePair =
        from shape in Gen.Int[1, 4].Array[1, 4]
        from at in Gen.Int[0, shape.Length - 1]
        from x in Gen.Int[2, 5]
        from y in Gen.Int[2, 5]
        from dropLeading in Gen.Int[0, at]
        where x != y
        select (Replace(shape, at, x), Replace(shape, at, y)[dropLeading..]);

    private static int[] Replace(int[] s, int at, int v)
    {
        var r = (int[])s.Clone();
        r[at] = v;
        return r;
    }

    [Fact]
    public void IncompatibleShapesThrowNamingBothShapes()
    {
        IncompatiblePair.Sample(p =>
        {
            var a = Tensor.Zeros(p.A);
            var b = Tensor.Zeros(p.B);
            foreach (var op in Ops)
            {
                var e = Assert.Throws<ArgumentException>(() => Apply(op, a, b));
                Assert.Contains(new Shape(p.A).ToString(), e.Message);
                Assert.Contains(new Shape(p.B).ToString(), e.Message);
            }
        }, iter: 200);
    }
}
