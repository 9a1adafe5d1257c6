using GraphGen.Nn;
namespace GraphGen.Tests;
public class ProbeTmp
{
    static string Try(Func<object?> f) { try { return "OK " + f(); } catch (Exception e) { return e.GetType().Name + ": " + e.Message.Split('\n')[0]; } }
    [Fact]
    public void Probe()
    {
        var lines = new List<string>
        {
            Try(() => Tensor.Zeros(4).Reshape(4, 1073741825).Shape),
            Try(() => Tensor.Zeros(4).Narrow(0, 2, int.MaxValue).Shape),
            Try(() => Tensor.Zeros(3).Expand(-2, 3).Shape),
            Try(() => Tensor.Ones(1).Expand(65536, 65536).Sum()),
            Try(() => Tensor.Zeros(100000, 100000).Shape),
            Try(() => Tensor.Zeros(50000, 40000).Shape),
            Try(() => Tensor.Scalar(double.NaN, DType.Float64).Item<long>()),
            Try(() => F.BinaryCrossEntropy(Tensor.From([0.5f]), Tensor.From([2f]))),
            Try(() => F.NllLoss(Tensor.Zeros(2,3), Tensor.Zeros(2,3))),
        };
        lines.Add(Try(() => Tensor.Zeros(4).Reshape(4, 1073741825).ToString()));
        lines.Add(Try(() => new GraphGen.Data.DataLoader(new GraphGen.Data.TensorDataset(Tensor.Zeros(5,2), Tensor.Zeros(5)), batchSize: int.MaxValue).Count()));
        lines.Add(Try(() => Tensor.Full([2], 1e40)));
        lines.Add(Try(() => Tensor.Zeros(2).Add(null!)));
        File.WriteAllLines("/tmp/badinput_probe.txt", lines);
    }
}
