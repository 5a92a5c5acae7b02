"""The sentences of an explanation: what outputs are, how losses read them, how to decide."""

from __future__ import annotations

from headcheck.facts import HeadFacts

__all__ = ["decision", "loss_sentences", "outputs_sentence"]


def outputs_sentence(facts: HeadFacts) -> str:
    """What the head emits, in one sentence."""
    units = facts.units
    n = f"{units} unit{'s' if units != 1 else ''}" if units else "the output layer"
    kind = facts.outputs
    if kind is None:
        return f"{n.capitalize()} with an unknown activation: headcheck cannot say what they are."
    if kind == "constant_one":
        return (
            "One unit with softmax: softmax divides by the sum over the units, so the output is "
            "always exactly 1.0, whatever the input."
        )
    act = facts.activation
    assert act is not None
    texts = {
        "logits": (
            f"{n.capitalize()} with no probability activation ({act.name}): the outputs are "
            "logits (raw scores, any real number). " + _logit_probabilities(facts, units)
        ),
        "probabilities": (
            f"{n.capitalize()} with {act.name}: each output is the probability (0 to 1) that "
            "its label is 1, independently of the others."
            if (units or 1) > 1
            else f"One unit with {act.name}: the output is the probability (0 to 1) of class 1."
        ),
        "distribution": (
            f"{n.capitalize()} with softmax: each row is a probability distribution over the "
            "classes (the outputs are in [0, 1] and sum to 1)."
        ),
        "log_probabilities": (
            f"{n.capitalize()} with log-softmax: the outputs are log-probabilities (all ≤ 0; "
            "exp() of a row sums to 1)."
        ),
        "non_negative": (
            f"{n.capitalize()} with {act.name}: non-negative scores, not probabilities."
        ),
        "bounded": f"{n.capitalize()} with {act.name}: scores in (-1, 1), not probabilities.",
    }
    return texts[kind]


def loss_sentences(facts: HeadFacts) -> tuple[str, str]:
    """(how the loss reads the outputs, what that does to training)."""
    loss = facts.loss
    if loss is None:
        return ("No loss given.", "")
    reads = facts.loss_reads
    spelled = loss.name + (" with from_logits=True" if facts.loss_from_logits else "")
    if loss.framework == "keras" and loss.has_from_logits and not facts.loss_from_logits:
        spelled += " (from_logits=False)"
    reading = {
        "logits": f"{spelled} reads the outputs as logits and applies {loss.applies} itself.",
        "probabilities": f"{spelled} reads each output as a probability in [0, 1].",
        "distribution": f"{spelled} reads each row as a probability distribution.",
        "log_probabilities": f"{spelled} reads the outputs as log-probabilities.",
        "any": f"{spelled} compares the outputs with the targets as numbers (a regression loss).",
    }[reads or "any"]
    outputs = facts.outputs
    if outputs is None:
        effect = "The activation is unknown, so whether they fit cannot be said."
    elif reads == "any":
        effect = (
            "Class labels are treated as numbers; use a cross-entropy loss for classification."
            if facts.task in ("binary", "multiclass", "multilabel")
            and facts.labels not in (None, "continuous")
            else "Fine for a regression target."
        )
    elif outputs == "constant_one":
        effect = (
            "The output is always 1.0, so the model predicts one class for everything and cannot "
            "learn."
        )
    elif reads == "logits" and outputs == "logits":
        effect = "They fit: this is the numerically stable way to train."
    elif reads == "logits" and outputs == "log_probabilities" and loss.applies == "log_softmax":
        effect = "They fit: log-softmax of log-probabilities changes nothing."
    elif reads == "logits":
        effect = (
            f"The activation is applied twice ({facts.activation.name if facts.activation else ''}"
            f" then {loss.applies}): training is slowed and the loss cannot reach 0. On "
            "TensorFlow, Keras detects a sigmoid/softmax output, warns and uses the cached "
            "logits; Keras 3's torch and JAX backends do not."
        )
    elif reads in ("probabilities", "distribution") and outputs in (
        "probabilities",
        "distribution",
    ):
        effect = "They fit."
    elif reads == "distribution" and outputs == "logits" and loss.framework == "keras":
        effect = (
            "They do not fit: Keras clips each row to [1e-7, 1 - 1e-7] and rescales it to sum "
            "to 1 (in one order or the other, by backend), which is meaningless for logits: a "
            "negative logit becomes 1e-7, and the loss is not the cross-entropy of softmax "
            "over the logits."
        )
    elif reads in ("probabilities", "distribution") and outputs == "logits":
        effect = (
            "They do not fit: the logits are clipped to [1e-7, 1 - 1e-7] and treated as "
            "probabilities, so outputs >= 1 count as certain, outputs <= 0 as impossible, and "
            "nothing outside (0, 1) gets a gradient — training stalls with outputs piled up in "
            "[0, 1]."
            if loss.framework == "keras"
            else "They do not fit: nn.BCELoss raises as soon as an output leaves [0, 1]."
        )
    elif reads == "log_probabilities" and outputs != "log_probabilities":
        effect = (
            "They do not fit: NLLLoss takes no log, so the loss is -mean(output of the true class)."
        )
    else:
        effect = "They do not fit: the outputs are not probabilities; they are clipped into [0, 1]."
    return reading, effect


def decision(facts: HeadFacts) -> dict[str, str]:
    """How to turn outputs into classes: a rule in words and Keras/PyTorch snippets."""
    outputs, units, task = facts.outputs, facts.units, facts.task
    if outputs == "constant_one":
        return {
            "rule": "none: the output is always 1.0. Fix the head first (sigmoid for one unit).",
            "keras": "",
            "pytorch": "",
        }
    if task == "regression" or (facts.loss is not None and facts.loss.family == "regression"):
        return {
            "rule": "none: a regression head outputs a number, not a class; train a "
            "classification head (one unit per class) to get classes",
            "keras": "",
            "pytorch": "",
        }
    single_label = task in ("multiclass",) or (
        units is not None and units > 1 and outputs in ("distribution", "log_probabilities")
    )
    if units is not None and units > 1 and single_label:
        return {
            "rule": "the class is the index of the largest output (argmax over the last axis)",
            "keras": "classes = np.argmax(model.predict(x), axis=-1)",
            "pytorch": "classes = model(x).argmax(dim=1)",
        }
    cut = "0.0" if outputs == "logits" else "0.5"
    meaning = (
        "a logit above 0 is a probability above 0.5"
        if outputs == "logits"
        else ("a probability above 0.5")
    )
    if units == 1:
        return {
            "rule": f"class 1 when the output is > {cut}, else class 0 ({meaning})",
            "keras": f"classes = (model.predict(x)[:, 0] > {cut}).astype(int)",
            "pytorch": f"classes = (model(x).squeeze(1) > {cut}).long()",
        }
    if units is not None and units > 1:
        return {
            "rule": f"each label is on when its output is > {cut} ({meaning})",
            "keras": f"labels_on = (model.predict(x) > {cut}).astype(int)",
            "pytorch": f"labels_on = (model(x) > {cut}).long()",
        }
    return {"rule": "unknown: give the number of units", "keras": "", "pytorch": ""}


def _logit_probabilities(facts: HeadFacts, units: int | None) -> str:
    """How the probabilities follow from these logits: sigmoid per unit, or softmax per row."""
    if (units or 1) == 1:
        return "A logit of 0 means probability 0.5; sigmoid(logit) gives the probability."
    family = facts.loss.family if facts.loss is not None else None
    if family == "binary_crossentropy":
        return "sigmoid(logit) gives each label's probability, independently of the others."
    if family in ("categorical_crossentropy", "sparse_categorical_crossentropy", "nll"):
        return "softmax over a row gives the class probabilities."
    return (
        "softmax over a row gives the class probabilities (for independent labels, "
        "sigmoid(logit) gives each label's probability)."
    )
