using System.Collections;

namespace GraphGen.Nn;

/// <summary>Runs its modules one after another, each on the previous one's output (PyTorch's <c>nn.Sequential</c>).</summary>
/// <remarks>
/// Shape: input is whatever the first module takes; output is whatever the last one returns (an empty
/// Sequential returns its input). Children are named "0", "1", ... so their parameters get PyTorch's
/// state-dict keys (<c>pipe.0.weight</c>). Sequentials nest.
/// </remarks>
public sealed class Sequential : Module, IReadOnlyList<Module>
{
    private readonly List<Module> _layers = [];

    public Sequential(params Module[] modules)
    {
        ArgumentNullException.ThrowIfNull(modules);
        foreach (var m in modules) Append(m);
    }

    /// <summary>The module at <paramref name="index"/>; negative indices count from the end, as in Python.</summary>
    public Module this[int index]
    {
        get
        {
            int i = index < 0 ? index + _layers.Count : index;
            if (i < 0 || i >= _layers.Count)
                throw new ArgumentOutOfRangeException(nameof(index), index, $"index {index} is out of range for a Sequential of {_layers.Count} modules.");
            return _layers[i];
        }
    }

    public int Count => _layers.Count;

    /// <summary>Adds <paramref name="module"/> at the end (named by its position) and returns this Sequential.</summary>
    public Sequential Append(Module module)
    {
        ArgumentNullException.ThrowIfNull(module);
        RegisterModule(_layers.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), module);
        _layers.Add(module);
        return this;
    }

    public Tensor Forward(Tensor input)
    {
        var x = input;
        foreach (var layer in _layers) x = layer.Call(x);
        return x;
    }

    protected internal override Tensor CallCore(Tensor input) => Forward(input);

    public IEnumerator<Module> GetEnumerator() => _layers.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
