using GraphGen;
using GraphGen.Nn;

namespace GettingStarted;

/// <summary>
/// Fixed weights for a module, so that its outputs are PyTorch's for the same weights (the two libraries draw
/// their random initialisations differently): ((k·37 mod 19) - 9)/20 for k = 0, 1, 2, ... in state-dict order,
/// as <c>fixed_weights</c> in lecture.py.
/// </summary>
internal static class FixedWeights
{
    public static Dictionary<string, Tensor> For(Module module)
    {
        var state = new Dictionary<string, Tensor>();
        int k = 0;
        foreach (var (name, tensor) in module.StateDict())
        {
            var values = new float[tensor.NumEl];
            for (int i = 0; i < values.Length; i++) values[i] = (float)(((k + i) * 37 % 19 - 9) / 20.0);
            k += values.Length;
            state[name] = Tensor.From(values).Reshape(tensor.Shape.ToArray());
        }

        return state;
    }
}
