using System.ComponentModel;
using GraphGen.Nn;

namespace GraphGen.Compiled;

/// <summary>
/// Finds a layer inside a child module by its PyTorch path. A parent's compiled code inlines a [Module]
/// child's graph, but the child's layer fields are private to it, so the parent reaches them through the
/// child's registered modules; this runs once per parent instance, when its compiled code first runs.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class LayerLookup
{
    public static T Find<T>(Module root, string path) where T : Module
    {
        ArgumentNullException.ThrowIfNull(root);
        foreach (var (name, module) in root.NamedModules())
        {
            if (name != path) continue;
            return module as T ?? throw new InvalidOperationException(
                $"{root.GetName()}: the compiled code expects '{path}' to be a {typeof(T).Name}, but it is a {module.GetName()}.");
        }

        throw new InvalidOperationException($"{root.GetName()}: the compiled code expects a layer '{path}', but the module has none (was the field reassigned?).");
    }
}
