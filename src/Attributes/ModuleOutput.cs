namespace GraphGen
{
    /// <summary>What a [Module]'s Forward returns, as far as the generator can tell from its last op.</summary>
    public enum ModuleOutput
    {
        /// <summary>Anything else (a sum, a custom expression): no loss check applies.</summary>
        Unknown = 0,

        /// <summary>Unnormalised scores (a Linear last): what CrossEntropyLoss and BCEWithLogitsLoss expect.</summary>
        Logits = 1,

        /// <summary>Softmax last: rows that sum to 1.</summary>
        Probabilities = 2,

        /// <summary>Sigmoid last: each element in (0, 1).</summary>
        SigmoidProbabilities = 3,

        /// <summary>LogSoftmax last: what NLLLoss expects.</summary>
        LogProbabilities = 4,
    }
}
