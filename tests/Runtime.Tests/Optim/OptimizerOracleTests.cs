using System.Text.Json;
using GraphGen.Optim;

namespace GraphGen.Tests.Optim;

/// <summary>Every case of Oracle/optim.json: 5 steps with given gradients, compared with libtorch after each step.</summary>
public class OptimizerOracleTests
{
    public static IEnumerable<object[]> Names => OptimOracle.CaseNames("optim.json");

    [Theory]
    [MemberData(nameof(Names))]
    public void MatchesLibtorchForFiveSteps(string name)
    {
        var c = OptimOracle.Case("optim.json", name);
        var inputs = c.GetProperty("inputs");
        var outputs = c.GetProperty("outputs");
        var args = c.GetProperty("args");
        var p = OptimOracle.ToTensor(inputs.GetProperty("p0")).RequiresGrad_();
        var optimizer = Build(c.GetProperty("op").GetString()!, args, p);
        int steps = args.GetProperty("steps").GetInt32();
        Assert.Equal(5, steps);
        for (int t = 1; t <= steps; t++)
        {
            p.Grad = OptimOracle.ToTensor(inputs.GetProperty($"g{t}"));
            optimizer.Step();
            OptimOracle.AssertClose(OptimOracle.Floats(outputs.GetProperty($"p{t}")), p.ToArray<float>(), $"{name} p{t}");
        }
    }

    private static Optimizer Build(string op, JsonElement a, Tensor p)
    {
        double D(string k) => a.GetProperty(k).GetDouble();
        bool B(string k) => a.GetProperty(k).GetBoolean();
        (double, double) Betas() => (a.GetProperty("betas")[0].GetDouble(), a.GetProperty("betas")[1].GetDouble());
        return op switch
        {
            "torch.optim.SGD" => new SGD([p], D("lr"), D("momentum"), D("dampening"), D("weight_decay"), B("nesterov"), B("maximize")),
            "torch.optim.RMSprop" => new RMSprop([p], D("lr"), D("alpha"), D("eps"), D("weight_decay"), D("momentum"), B("centered"), B("maximize")),
            "torch.optim.Adagrad" => new Adagrad([p], D("lr"), D("lr_decay"), D("weight_decay"), D("initial_accumulator_value"), D("eps"), B("maximize")),
            "torch.optim.Adam" => new Adam([p], D("lr"), Betas(), D("eps"), D("weight_decay"), B("amsgrad"), B("maximize")),
            "torch.optim.AdamW" => new AdamW([p], D("lr"), Betas(), D("eps"), D("weight_decay"), B("amsgrad"), B("maximize")),
            _ => throw new NotSupportedException(op),
        };
    }
}
