using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using GraphGen.Optim;
using GraphGen.Serialization;

namespace GraphGen.Trainer;

/// <summary>
/// A resumable training checkpoint: one safetensors file holding the model (<c>model.fc1.weight</c> …), the
/// optimizer's buffers (<c>optimizer.0.exp_avg</c> …: parameter index, then buffer name) and, as JSON in the
/// metadata, the <see cref="CheckpointInfo"/>. One file, so the atomic save keeps every part consistent.
/// </summary>
public sealed record TrainingCheckpoint(CheckpointInfo Info, IReadOnlyDictionary<string, Tensor> Model, OptimizerStateDict Optimizer)
{
    public const string InfoKey = "graphgen.trainer";
    private const string ModelPrefix = "model.", OptimizerPrefix = "optimizer.";

    private static readonly JsonSerializerOptions Json = new()
    {
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    /// <summary>Writes the checkpoint atomically (a temporary file moved over <paramref name="path"/>).</summary>
    public void Save(string path)
    {
        var tensors = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var (key, tensor) in Model) tensors[ModelPrefix + key] = tensor;
        foreach (var (index, buffers) in Optimizer.State)
            foreach (var (name, tensor) in buffers)
                tensors[string.Create(CultureInfo.InvariantCulture, $"{OptimizerPrefix}{index}.{name}")] = tensor;
        Safetensors.Save(path, tensors, new Dictionary<string, string> { [InfoKey] = JsonSerializer.Serialize(Info, Json) });
    }

    /// <summary>Reads a checkpoint <see cref="Save"/> wrote; anything else is a <see cref="CheckpointLoadException"/> naming the file.</summary>
    public static TrainingCheckpoint Load(string path)
    {
        if (Directory.Exists(path))
            throw new CheckpointLoadException($"--resume: '{path}' is a directory; pass the checkpoint file in it ({TrainerApp.CheckpointFileName}).");
        if (!File.Exists(path))
            throw new CheckpointLoadException($"--resume: checkpoint '{path}' does not exist.");
        OrderedDictionary<string, Tensor> tensors;
        IReadOnlyDictionary<string, string> metadata;
        try
        {
            tensors = Safetensors.Load(path, out metadata);
        }
        catch (Exception e) when (e is SafetensorsFormatException or IOException or UnauthorizedAccessException)
        {
            throw new CheckpointLoadException($"--resume: cannot read checkpoint '{path}': {e.Message}", e);
        }
        if (!metadata.TryGetValue(InfoKey, out string? json))
            throw new CheckpointLoadException(
                $"--resume: '{path}' holds weights but no training state; pass the {TrainerApp.CheckpointFileName} a run wrote " +
                $"({TrainerApp.ModelFileName} and {TrainerApp.BestFileName} hold only the model).");
        CheckpointInfo info;
        try
        {
            info = JsonSerializer.Deserialize<CheckpointInfo>(json, Json)
                ?? throw new JsonException("the training state is null");
        }
        catch (JsonException e)
        {
            throw new CheckpointLoadException($"--resume: the training state in '{path}' is damaged: {e.Message}", e);
        }
        if (info.Format != CheckpointInfo.CurrentFormat)
            throw new CheckpointLoadException($"--resume: '{path}' has checkpoint format {info.Format}; this trainer reads format {CheckpointInfo.CurrentFormat}.");

        var model = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        var buffers = new SortedDictionary<int, Dictionary<string, Tensor>>();
        foreach (var (key, tensor) in tensors)
        {
            if (key.StartsWith(ModelPrefix, StringComparison.Ordinal))
            {
                model[key[ModelPrefix.Length..]] = tensor;
                continue;
            }
            string[] parts = key.StartsWith(OptimizerPrefix, StringComparison.Ordinal) ? key[OptimizerPrefix.Length..].Split('.', 2) : [];
            if (parts.Length != 2 || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out int index))
                throw new CheckpointLoadException($"--resume: '{path}' has a tensor '{key}' that is neither model.* nor optimizer.<index>.<buffer>.");
            if (!buffers.TryGetValue(index, out var entry)) buffers[index] = entry = new Dictionary<string, Tensor>(StringComparer.Ordinal);
            entry[parts[1]] = tensor;
        }
        var state = buffers.ToDictionary(b => b.Key, b => (IReadOnlyDictionary<string, Tensor>)b.Value);
        return new TrainingCheckpoint(info, model, new OptimizerStateDict(state, info.OptimizerGroups));
    }
}
