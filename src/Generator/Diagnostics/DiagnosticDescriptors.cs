using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace GraphGen.Generator.Diagnostics
{
    /// <summary>
    /// Every diagnostic the generator reports. IDs: GG0001–0099 declaration misuse, GG0100–0199 shapes,
    /// GG0200–0299 constructs the compiler does not support, GG0300–0399 warnings about likely bugs,
    /// GG0400–0499 the call-site analyzers (how modules, losses and optimizers are used; Analyzers/).
    /// Each has a page at docs/diagnostics/{ID}.md (a test checks that it exists).
    /// </summary>
    internal static class DiagnosticDescriptors
    {
        private const string Category = "GraphGen";

        /// <summary>Where the help pages live, relative to the repository root.</summary>
        public const string HelpLinkBase = "docs/diagnostics/";

        // ------------------------------------------------------------------ declaration misuse

        public static readonly DiagnosticDescriptor ModuleNotPartial = Error("GG0001",
            "[Module] class must be partial",
            "The [Module] class '{0}' must be declared partial: the generator adds the Module base class and the compiled Call to it");

        public static readonly DiagnosticDescriptor MissingForward = Error("GG0002",
            "[Module] class has no Forward method",
            "The [Module] class '{0}' has no Forward method; declare 'public Tensor Forward(Tensor x)' (one or more Tensor inputs) that computes the module's output");

        public static readonly DiagnosticDescriptor LayerNeverAssigned = Error("GG0003",
            "Layer field is never assigned",
            "Layer '{0}' ({1}) is never assigned; create it where it is declared or assign it once in the constructor");

        public static readonly DiagnosticDescriptor LayerAssignedTwice = Error("GG0004",
            "Layer field is assigned more than once",
            "Layer '{0}' is assigned more than once; assign each layer exactly once, where it is declared or in one constructor");

        public static readonly DiagnosticDescriptor NonConstantDimension = Error("GG0005",
            "Layer dimension is neither a constant nor a constructor parameter",
            "{0} '{1}': argument '{2}' is '{3}', which is neither a constant nor a constructor parameter; layer dimensions must be literals, constants or constructor parameters");

        public static readonly DiagnosticDescriptor DropoutProbabilityOutOfRange = Error("GG0006",
            "Dropout probability outside [0, 1]",
            "Dropout '{0}' has p = {1}; a dropout probability must be between 0 and 1");

        public static readonly DiagnosticDescriptor InvalidForwardSignature = Error("GG0007",
            "Forward has a signature the generator cannot compile",
            "Forward of '{0}' must take one or more Tensor parameters and return Tensor, but {1}");

        public static readonly DiagnosticDescriptor LayerNotCreatedWithNew = Error("GG0008",
            "Layer is not created with 'new'",
            "Layer '{0}' must be created with 'new {1}(...)' so that the generator can read its dimensions; '{2}' cannot be analysed");

        public static readonly DiagnosticDescriptor ModuleHasBaseClass = Error("GG0009",
            "[Module] class declares a base class",
            "The [Module] class '{0}' must not declare a base class ('{1}'): the generator makes it derive from GraphGen.Nn.Module");

        public static readonly DiagnosticDescriptor UnsupportedModuleDeclaration = Error("GG0010",
            "[Module] class is declared in a way the generator does not support",
            "The [Module] class '{0}' {1}; declare it as a non-generic partial class (containing types, if any, must be partial too)");

        public static readonly DiagnosticDescriptor MultipleForward = Error("GG0011",
            "[Module] class declares several Forward methods",
            "The [Module] class '{0}' declares {1} Forward methods; declare exactly one, the graph the generator compiles");

        public static readonly DiagnosticDescriptor InternalError = Error("GG0099",
            "Internal generator error",
            "GraphGen's generator failed on '{0}': {1}. This is a bug in GraphGen; the eager Forward still works (please report it).");

        // ------------------------------------------------------------------ shapes

        public static readonly DiagnosticDescriptor LinearFeatureMismatch = Error("GG0101",
            "Linear input features do not match",
            "Linear '{0}' expects {1} input features but '{2}' produces {3}");

        public static readonly DiagnosticDescriptor FlattenFeatureMismatch = Error("GG0102",
            "Flatten feeds the wrong number of features to a Linear",
            "{2} '{3}' gives {4} features but Linear '{0}' expects {1}");

        public static readonly DiagnosticDescriptor SoftmaxDimOutOfRange = Error("GG0103",
            "Softmax dimension out of range",
            "{0} '{1}' has dim {2}, which is out of range for its input of shape {3} (rank {4} allows dim {5} to {6})");

        public static readonly DiagnosticDescriptor ShapesNotBroadcastable = Error("GG0104",
            "Elementwise operands cannot broadcast",
            "'{0}' combines shapes {1} and {2}, which cannot broadcast: dimension {3} is {4} on one side and {5} on the other, and neither is 1");

        public static readonly DiagnosticDescriptor InvalidView = Error("GG0105",
            "View or Reshape to an incompatible shape",
            "'{0}' cannot view a tensor of shape {1} as ({2}): {3}");

        public static readonly DiagnosticDescriptor DimOutOfRange = Error("GG0106",
            "Dimension out of range",
            "'{0}' uses dim {1}, which is out of range for its input of shape {2} (rank {3} allows dim {4} to {5})");

        // GG0120–GG0129: normalisation, embedding and Cat.
        public static readonly DiagnosticDescriptor NormFeatureMismatch = Error("GG0120",
            "BatchNorm num_features does not match the incoming channels",
            "{0} '{1}' expects input [N, {2}, *] ({3}) but '{4}' produces {5}");

        public static readonly DiagnosticDescriptor LayerNormShapeMismatch = Error("GG0121",
            "LayerNorm normalized_shape does not match the input's trailing dims",
            "LayerNorm '{0}' normalizes over the last dims {1} but '{2}' produces {3}");

        public static readonly DiagnosticDescriptor EmbeddingNotInteger = Error("GG0122",
            "Embedding is fed a tensor that is not integer",
            "Embedding '{0}' needs integer indices (Int64 or Int32) but is fed {1}, {2}");

        public static readonly DiagnosticDescriptor CatShapeMismatch = Error("GG0123",
            "Cat of tensors whose shapes do not match",
            "'{0}' joins {1} along dim {2}, but tensor {3} has shape {4} where {5} needs {6}");
        public static readonly DiagnosticDescriptor ConvChannelMismatch = Error("GG0110",
            "Convolution in_channels do not match the incoming channels",
            "{0} '{1}' expects {2} input channels but '{3}' produces {4}");

        public static readonly DiagnosticDescriptor ConvGroupsDoNotDivide = Error("GG0111",
            "Convolution groups do not divide the channels",
            "{0} '{1}' has groups = {2}, which does not divide its {3} = {4}");

        public static readonly DiagnosticDescriptor KernelLargerThanInput = Error("GG0112",
            "Convolution kernel larger than its padded input",
            "{0} '{1}' has a {2} kernel (dilated; padding {3}), larger than its padded input: it needs a spatial size of at least {4} but its input is {5}");

        public static readonly DiagnosticDescriptor EmptySpatialOutput = Error("GG0113",
            "Pooling output would be empty",
            "{0} '{1}' (kernel {2}, stride {3}, padding {4}) on its input {5} gives an output of size {6}: the window is larger than the padded input");

        public static readonly DiagnosticDescriptor SpatialInputRank = Error("GG0114",
            "Convolution or pooling input has the wrong rank",
            "{0} '{1}' expects a {2} input but '{3}' produces {4}");

        // ------------------------------------------------------------------ unsupported constructs

        /// <summary>What Forward may contain; every "unsupported" message ends with it.</summary>
        /// <summary>What Forward may contain, for the messages that reject something else; the F.* functions and elementwise methods come from the op registry.</summary>
        public static readonly string AllowedInForward =
            "Forward may declare and assign locals and return one tensor computed from its inputs with layer calls (fc1.Call(x), fc1.Forward(x) or pipe[0].Call(x)), " +
            $"F.{string.Join("/", Ops.OpRegistry.Functions)}, tensor arithmetic (+ - * / with tensors or constants), " +
            $"{string.Join("/", Ops.OpRegistry.ElementwiseMethods)}, Sum/Mean and View/Reshape/Flatten (sizes as constants or x.Size(d))";

        public static readonly DiagnosticDescriptor UnsupportedStatement = Error("GG0201",
            "Statement not supported in Forward",
            "{0} is not supported in Forward. {1}.");

        public static readonly DiagnosticDescriptor UnsupportedExpression = Error("GG0202",
            "Expression not supported in Forward",
            "'{0}' is not supported in Forward: {1}. {2}.");

        public static readonly DiagnosticDescriptor UnsupportedLayerType = Error("GG0203",
            "Layer type not supported by the compiler",
            "Layer '{0}' has type {1}, which the generator cannot compile yet; supported layers are {2}");

        public static readonly DiagnosticDescriptor NonConstantArgument = Error("GG0204",
            "Shape-deciding argument is not a constant",
            "{0}: argument '{1}' decides a shape and must be a compile-time constant, but '{2}' is not");

        public static readonly DiagnosticDescriptor ChildModuleWithoutSource = Error("GG0205",
            "Child module cannot be inlined",
            "Layer '{0}' is a [Module] of type {1} {2}; the generator inlines child modules from their source, so it must be a [Module] class of this project without errors");

        public static readonly DiagnosticDescriptor ParameterSizeUnknown = Error("GG0206",
            "Constructor parameter used as a size is unknown to the compiled code",
            "{0}: the constructor parameter '{1}' is used as a size, but no Linear of the module takes it, so the compiled code cannot know its value; pass it to a layer, or read the size from a tensor (x.Size(1))");

        // ------------------------------------------------------------------ warnings

        public static readonly DiagnosticDescriptor LayerNeverUsed = Warning("GG0301",
            "Layer is never used in Forward",
            "Layer '{0}' is declared but never used in Forward; its parameters are registered and trained but never affect the output");

        public static readonly DiagnosticDescriptor BackendDeclined = Warning("GG0302",
            "A backend could not compile the module",
            "GraphGen's {0} backend failed on '{1}': {2}. The module builds and its other backends run; on that backend's devices Call runs the eager Forward. This is a bug in GraphGen (please report it).");

        // ------------------------------------------------------------------ call-site analyzers

        public static readonly DiagnosticDescriptor ProbabilitiesIntoLoss = Warning("GG0401",
            "Loss is fed the wrong kind of output",
            "{0} expects {1}, but '{2}' ends in {3} and returns {4}; {5}");

        public static readonly DiagnosticDescriptor LogSoftmaxIntoCrossEntropy = Info("GG0402",
            "CrossEntropyLoss is fed log-probabilities",
            "{0} applies LogSoftmax itself, and '{1}' already ends in LogSoftmax: the loss is right (LogSoftmax of log-probabilities changes nothing) but computed twice; NLLLoss is the loss for log-probabilities");

        public static readonly DiagnosticDescriptor MissingZeroGrad = Warning("GG0403",
            "Training loop never zeroes the gradients",
            "The loop calls Backward and '{0}.Step()' but never ZeroGrad, so each step adds its gradients to all earlier ones; call '{0}.ZeroGrad()' before Backward");

        public static readonly DiagnosticDescriptor ZeroGradBeforeStep = Warning("GG0404",
            "ZeroGrad between Backward and Step",
            "'{0}.ZeroGrad()' runs after Backward and before '{1}.Step()': it erases the gradients Step is about to use; call it before Backward");

        public static readonly DiagnosticDescriptor EvaluationInTrainingMode = Warning("GG0405",
            "Module evaluated in training mode",
            "'{0}' ({1}) is called under Autograd.NoGrad() but was not put in evaluation mode on this path, so its Dropout still drops; call '{0}.Eval()' first");

        public static readonly DiagnosticDescriptor ConstructorBreaksShapes = Error("GG0406",
            "Constructor arguments break the module's shapes",
            "'new {0}(...)' would throw when first used: {1}");

        public static readonly DiagnosticDescriptor ForwardCalledDirectly = Warning("GG0407",
            "Forward called instead of Call",
            "'{0}.Forward' runs the eager reference implementation of {1}, not its compiled code (and skips train/eval hooks); call '{0}.Call'");

        public static readonly DiagnosticDescriptor OptimizerBeforeTo = Warning("GG0408",
            "Optimizer created before the module is moved",
            "The optimizer is created from '{0}'s parameters before '{1}' replaces them, so it would update tensors the module no longer uses; call '{1}' first, then create the optimizer");

        public static readonly DiagnosticDescriptor DropoutWithoutTraining = Warning("GG0409",
            "F.Dropout without the training flag",
            "'{0}' has no training argument, so it drops in evaluation too; pass 'training: Training'");

        public static readonly DiagnosticDescriptor ReductionOverBatch = Warning("GG0410",
            "Softmax, LogSoftmax or Mean over the batch dimension",
            "'{0}' works over dim 0, the batch of Forward's [batch, features] input, so it mixes the samples of a batch; use dim: -1 (the features)");

        public static readonly DiagnosticDescriptor ConsecutiveLinear = Info("GG0411",
            "Two Linear layers with nothing between them",
            "Linear '{0}' directly follows Linear '{1}': two linear maps compose to one, so the pair adds parameters but no expressive power; put an activation between them");

        public static readonly DiagnosticDescriptor ImplicitSoftmaxDim = Warning("GG0412",
            "Softmax or LogSoftmax without a dim",
            "'{0}' has no dim: PyTorch's legacy implicit choice (dim 0 for 0-, 1- and 3-D inputs, else 1) depends on the input's rank; write the dim explicitly (dim: -1 is the features of [features] and [batch, features] inputs)");

        /// <summary>All descriptors, for lookup by ID and for the test that every one has a help page.</summary>
        public static readonly IReadOnlyList<DiagnosticDescriptor> All = new[]
        {
            ModuleNotPartial, MissingForward, LayerNeverAssigned, LayerAssignedTwice, NonConstantDimension,
            DropoutProbabilityOutOfRange, InvalidForwardSignature, LayerNotCreatedWithNew, ModuleHasBaseClass,
            UnsupportedModuleDeclaration, MultipleForward, InternalError,
            LinearFeatureMismatch, FlattenFeatureMismatch, SoftmaxDimOutOfRange, ShapesNotBroadcastable, InvalidView, DimOutOfRange,
            NormFeatureMismatch, LayerNormShapeMismatch, EmbeddingNotInteger, CatShapeMismatch,
            ConvChannelMismatch, ConvGroupsDoNotDivide, KernelLargerThanInput, EmptySpatialOutput, SpatialInputRank,
            UnsupportedStatement, UnsupportedExpression, UnsupportedLayerType, NonConstantArgument, ChildModuleWithoutSource, ParameterSizeUnknown,
            LayerNeverUsed, BackendDeclined,
            ProbabilitiesIntoLoss, LogSoftmaxIntoCrossEntropy, MissingZeroGrad, ZeroGradBeforeStep, EvaluationInTrainingMode,
            ConstructorBreaksShapes, ForwardCalledDirectly, OptimizerBeforeTo, DropoutWithoutTraining, ReductionOverBatch,
            ConsecutiveLinear, ImplicitSoftmaxDim,
        };

        private static readonly Dictionary<string, DiagnosticDescriptor> s_byId = All.ToDictionary(d => d.Id);

        public static DiagnosticDescriptor ById(string id) => s_byId[id];

        private static DiagnosticDescriptor Error(string id, string title, string message) =>
            new(id, title, message, Category, DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLinkBase + id + ".md");

        private static DiagnosticDescriptor Info(string id, string title, string message) =>
            new(id, title, message, Category, DiagnosticSeverity.Info, isEnabledByDefault: true, helpLinkUri: HelpLinkBase + id + ".md");

        private static DiagnosticDescriptor Warning(string id, string title, string message) =>
            new(id, title, message, Category, DiagnosticSeverity.Warning, isEnabledByDefault: true, helpLinkUri: HelpLinkBase + id + ".md");
    }
}
