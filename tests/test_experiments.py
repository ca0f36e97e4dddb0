"""Tests of lossutils.articles.experiments: the seed's problems, models and runner (short runs only)."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest

from lossutils.articles import experiments


def test_importing_it_loads_neither_keras_nor_sklearn():
    code = ("import lossutils.articles.experiments, sys; "
            "print(any(m in sys.modules for m in ('keras', 'sklearn', 'tensorflow')))")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert run.stdout.strip() == "False"


def test_problems_have_the_articles_arguments_and_split():
    regression = experiments.regression_problem()
    assert regression.x_train.shape == (500, 20) and regression.x_test.shape == (500, 20)
    full_y = np.r_[regression.y_train, regression.y_test]
    assert abs(full_y.mean()) < 1e-12 and full_y.std() == pytest.approx(1.0)  # standardised
    assert round(float((full_y < 0).mean()), 3) == 0.511  # erratum B4's share
    circles, signed = experiments.circles_problem(), experiments.circles_problem("-1/+1")
    assert set(np.unique(circles.y_train)) == {0.0, 1.0}
    assert set(np.unique(signed.y_train)) == {-1.0, 1.0}
    np.testing.assert_array_equal(signed.y_test, 2 * circles.y_test - 1)
    one_hot, integers = experiments.blobs_problem(), experiments.blobs_problem(one_hot=False)
    assert one_hot.y_train.shape == (500, 3) and integers.y_train.shape == (500,)
    np.testing.assert_array_equal(one_hot.y_test.argmax(axis=1), integers.y_test)
    with pytest.raises(ValueError, match="`labels`"):
        experiments.circles_problem("yes/no")
    with pytest.raises(TypeError, match="`one_hot`"):
        experiments.blobs_problem(one_hot=1)


def test_there_are_nine_experiments_with_the_articles_settings():
    assert len(experiments.EXPERIMENTS) == 9
    circles = [e for e in experiments.EXPERIMENTS.values() if e.outputs == 1 and e.hidden_units == 50]
    assert len(circles) == 3 and {e.epochs for e in circles} == {200}
    hinge = experiments.EXPERIMENTS["hinge"]
    assert (hinge.activation, hinge.loss, hinge.metric) == ("tanh", "hinge", "accuracy")
    model = experiments.build_model(experiments.EXPERIMENTS["kl_divergence"], 2)
    assert [layer.units for layer in model.layers] == [50, 3]
    assert model.optimizer.learning_rate.numpy() == pytest.approx(0.01) and model.optimizer.momentum == 0.9


def test_sign_accuracy_reads_the_sign():
    labels, outputs = np.array([-1.0, -1.0, 1.0, 1.0]), np.array([-0.9, -0.3, 0.4, 0.95])
    assert float(experiments.sign_accuracy(labels, outputs)) == 1.0
    assert float(experiments.sign_accuracy(np.array([[1.0], [-1.0]]), np.array([[-0.1], [-0.2]]))) == 0.5


def test_a_short_run_is_deterministic_and_reports_what_evaluate_says():
    calls = []
    first = experiments.run_experiment("hinge", seed=3, epochs=2,
                                    progress=lambda done, total: calls.append((done, total)))
    again = experiments.run_experiment("hinge", seed=3, epochs=2)
    assert calls == [(1, 2), (2, 2)]
    assert sorted(first.history) == ["accuracy", "loss", "sign_accuracy", "val_accuracy", "val_loss",
                                     "val_sign_accuracy"]
    assert all(len(values) == 2 for values in first.history.values())
    assert (first.train, first.test, first.history, first.extra) == (again.train, again.test, again.history,
                                                                      again.extra)
    problem = experiments.circles_problem("-1/+1")
    _, test_accuracy = first.model.evaluate(problem.x_test, problem.y_test, verbose=0)
    assert first.test == pytest.approx(test_accuracy)
    # The last epoch's test curve is what evaluate says after experiments.
    test_loss, _ = first.model.evaluate(problem.x_test, problem.y_test, verbose=0)
    assert first.history["val_loss"][-1] == pytest.approx(test_loss, rel=1e-5)
    assert first.history["val_accuracy"][-1] == pytest.approx(test_accuracy, abs=1e-6)
    with pytest.raises(ValueError, match="`name`"):
        experiments.run_experiment("cosine_proximity")


def test_the_signed_readings_are_computed_from_the_outputs():
    run = experiments.run_experiment("squared_hinge", seed=5, epochs=3)
    problem = experiments.circles_problem("-1/+1")
    outputs = run.model.predict(problem.x_test, verbose=0)[:, 0]
    assert run.extra["sign accuracy"][1] == pytest.approx(np.mean(np.sign(outputs) == problem.y_test))
    assert run.extra["round accuracy"][1] == pytest.approx(np.mean(np.round(outputs) == problem.y_test))
    assert run.history["val_sign_accuracy"][-1] == pytest.approx(run.extra["sign accuracy"][1], abs=1e-6)
    assert experiments.run_experiment("mean_absolute_error", seed=5, epochs=1).extra == {}


@pytest.mark.parametrize("name", ["mean_squared_logarithmic_error", "hinge",
                                  "sparse_categorical_crossentropy"])
def test_the_runner_trains_bit_for_bit_as_fit_on_the_arrays(name):
    """The article's fit(x, y, validation_data=...) after set_random_seed, for three epochs,
    against the runner (its batches in fit_order's order, from one dataset): the same weights,
    losses and test losses, to the last bit."""
    import keras

    experiment, epochs = experiments.EXPERIMENTS[name], 3
    problem = experiment.problem()
    keras.utils.set_random_seed(11)
    model = experiments.build_model(experiment, problem.x_train.shape[1])
    fitted = model.fit(problem.x_train, problem.y_train, validation_data=(problem.x_test, problem.y_test),
                       epochs=epochs, verbose=0)
    ours = experiments.run_experiment(name, seed=11, epochs=epochs)
    for theirs, mine in zip(model.get_weights(), ours.model.get_weights(), strict=True):
        np.testing.assert_array_equal(theirs, mine)
    assert ours.history["loss"] == fitted.history["loss"]
    np.testing.assert_allclose(ours.history["val_loss"], fitted.history["val_loss"], rtol=1e-5)


def test_without_one_order_the_runner_gives_fit_the_arrays(monkeypatch):
    """Were seeded fit to shuffle each epoch anew, fit_order would find no one order: the runner
    then trains on the arrays themselves, still bit for bit as the article's fit."""
    import keras

    experiment = experiments.EXPERIMENTS["mean_absolute_error"]
    problem = experiment.problem()
    keras.utils.set_random_seed(4)
    model = experiments.build_model(experiment, problem.x_train.shape[1])
    fitted = model.fit(problem.x_train, problem.y_train, epochs=2, verbose=0)
    monkeypatch.setattr(experiments, "fit_order", lambda *args: None)
    ours = experiments.run_experiment("mean_absolute_error", seed=4, epochs=2)
    for theirs, mine in zip(model.get_weights(), ours.model.get_weights(), strict=True):
        np.testing.assert_array_equal(theirs, mine)
    assert ours.history["loss"] == fitted.history["loss"]


def test_fit_order_is_the_order_seeded_fit_takes_the_rows_in():
    """Each batch of seeded fit on the arrays, seen by a model's first layer, is the next slice of
    fit_order's rows; and the order depends on the seed."""
    import keras

    class Seen(keras.layers.Layer):
        def __init__(self):
            super().__init__()
            self.batches = []

        def call(self, x, training=False):
            if training:
                self.batches.append(np.asarray(x))
            return x

    problem = experiments.circles_problem()
    order = experiments.fit_order(500, 7)
    keras.utils.set_random_seed(7)
    seen = Seen()
    model = keras.Sequential([keras.Input((2,)), seen, keras.layers.Dense(1, activation="sigmoid")])
    model.compile(optimizer="sgd", loss="binary_crossentropy", run_eagerly=True)
    model.fit(problem.x_train, problem.y_train, epochs=3, verbose=0)
    expected = problem.x_train[order].astype("float32")
    assert [len(batch) for batch in seen.batches[:16]] == [32] * 15 + [20]
    for epoch in range(3):
        np.testing.assert_array_equal(np.concatenate(seen.batches[16 * epoch:16 * (epoch + 1)]), expected)
    assert sorted(order) == list(range(500)) and not order.flags.writeable
    assert list(experiments.fit_order(500, 8)) != list(order)
    with pytest.raises(TypeError, match="`seed`"):
        experiments.fit_order(500, 1.5)
    with pytest.raises(ValueError, match="`order`"):
        experiments.article_batches(problem.x_train, problem.y_train, order[:-1])


def test_run_experiments_runs_every_pair_and_reports_progress():
    seen = []
    results = experiments.run_experiments(["mean_absolute_error"], seeds=(1, 2),
                                       progress=lambda *args: seen.append(args))
    assert list(results) == [("mean_absolute_error", 1), ("mean_absolute_error", 2)]
    assert results["mean_absolute_error", 2].seed == 2
    assert seen[0] == ("mean_absolute_error", 1, 1, 100) and seen[-1] == ("mean_absolute_error", 2, 100, 100)
    with pytest.raises(ValueError, match="`names`"):
        experiments.run_experiments(["mse"])
    with pytest.raises(TypeError, match="`seeds`"):
        experiments.run_experiments(["hinge"], seeds=(1.5,))


def test_the_progress_box_counts_trainings_and_keeps_its_plain_text():
    progress = experiments.TrainingProgress(runs=2)
    assert repr(progress.widget) == "TrainingProgress(runs=2)"
    progress("hinge", 1, 10, 200)
    assert progress._bar.value == 0 and "now hinge, seed 1, epoch 10 of 200" in progress._text.value
    progress("hinge", 1, 200, 200)
    progress("hinge", 2, 200, 200)
    assert progress._bar.value == 2 and progress._text.value == "2 of 2 trainings done"
    with pytest.raises(ValueError, match="`runs`"):
        experiments.TrainingProgress(runs=0)


def test_learning_curves_draw_a_column_per_experiment():
    results = {(name, 1): experiments.run_experiment(name, seed=1, epochs=2)
               for name in ("hinge", "binary_crossentropy")}
    fig = experiments.learning_curves(results, ["binary_crossentropy", "hinge"], title="two columns")
    assert len(fig.axes) == 4
    hinge_metric = fig.axes[3]
    assert [line.get_label() for line in hinge_metric.get_lines()][-1] == "test, sign accuracy"
    legend = [text.get_text() for text in fig.legends[0].get_texts()]
    assert legend == ["train", "test", "test, sign accuracy"]
    with pytest.raises(ValueError, match="no run of \\['hinge'\\] from seed 2"):
        experiments.learning_curves(results, ["hinge"], seed=2)


def test_reshuffling_gives_a_fresh_order_every_epoch_and_stays_reproducible():
    import tensorflow as tf

    x = np.arange(64, dtype="float32")[:, None]
    batches = experiments.reshuffled_batches(x, x[:, 0], seed=3, batch_size=64)
    first, second = (batch[1].numpy() for batch in batches.take(2))
    assert sorted(first) == sorted(second) == list(range(64)) and list(first) != list(second)
    again = next(iter(experiments.reshuffled_batches(x, x[:, 0], seed=3, batch_size=64)))[1].numpy()
    assert list(again) == list(first)
    run = experiments.run_experiment("mean_absolute_error", seed=3, epochs=2, reshuffle=True)
    rerun = experiments.run_experiment("mean_absolute_error", seed=3, epochs=2, reshuffle=True)
    assert (run.history, run.train, run.test) == (rerun.history, rerun.train, rerun.test)
    assert run.history != experiments.run_experiment("mean_absolute_error", seed=3, epochs=2).history
    with pytest.raises(TypeError, match="`reshuffle`"):
        experiments.run_experiment("hinge", reshuffle="yes")
    assert isinstance(batches, tf.data.Dataset)


def test_the_mse_panels_share_one_logarithmic_axis():
    results = {(name, 1): experiments.run_experiment(name, seed=1, epochs=2)
               for name in ("mean_squared_error", "mean_absolute_error")}
    fig = experiments.learning_curves(results, ["mean_squared_error", "mean_absolute_error"])
    mse_panels = fig.axes[2:]
    assert [ax.get_yscale() for ax in mse_panels] == ["log", "log"]
    assert mse_panels[0].get_ylim() == mse_panels[1].get_ylim()
    values = [v for run in results.values() for key in ("mse", "val_mse") for v in run.history[key]]
    low, high = mse_panels[0].get_ylim()
    assert low < min(values) and max(values) < high
    assert fig.axes[0].get_yscale() == "linear"


# --- the generators' own probabilities ---------------------------------------------------

@pytest.mark.parametrize("problem", ["circles", "blobs"])
def test_the_true_probabilities_give_the_conditional_entropy_of_a_fresh_sample(problem):
    """E[-ln p(y | x)] over a large sample drawn anew by the generator is H(Y | X)."""
    from sklearn.datasets import make_blobs, make_circles

    if problem == "circles":
        x, y = make_circles(n_samples=200_000, noise=0.1, random_state=7)
    else:
        centers, _ = experiments._blobs_generator()
        x, y = make_blobs(n_samples=200_000, centers=centers, cluster_std=2, random_state=7)
    p = experiments.true_probabilities(problem, x)
    np.testing.assert_allclose(p.sum(axis=1), 1.0)
    estimate = -np.mean(np.log(p[np.arange(len(y)), y]))
    assert experiments.conditional_entropy(problem) == pytest.approx(estimate, abs=0.005)


def test_the_true_probabilities_make_the_best_classifier_on_the_test_rows():
    circles, blobs = experiments.circles_problem(), experiments.blobs_problem(one_hot=False)
    circles_p = experiments.true_probabilities("circles", circles.x_test)
    blobs_p = experiments.true_probabilities("blobs", blobs.x_test)
    assert np.mean(circles_p.argmax(axis=1) == circles.y_test) == pytest.approx(0.850)
    assert np.mean(blobs_p.argmax(axis=1) == blobs.y_test) == pytest.approx(0.840)
    # At the centre the point is surely inner; between the circles, nearly one half each.
    center = experiments.true_probabilities("circles", np.array([[0.0, 0.0], [0.0, 0.9]]))
    np.testing.assert_allclose(center, [[0.0, 1.0], [0.5, 0.5]], atol=0.03)


@pytest.mark.parametrize(("kwargs", "error", "name"), [
    ({"problem": "regression"}, ValueError, "problem"),
    ({"x": np.zeros((3, 20))}, ValueError, "x"),
])
def test_the_true_probabilities_reject_bad_input(kwargs, error, name):
    with pytest.raises(error, match=f"`{name}`"):
        experiments.true_probabilities(**{"problem": "circles", "x": np.zeros((3, 2)), **kwargs})
    with pytest.raises(ValueError, match="`problem`"):
        experiments.conditional_entropy("regression")


# --- what each loss pushes on ---------------------------------------------------------------

def derivative_by_hand(name: str, z: np.ndarray, prediction: np.ndarray, y: np.ndarray) -> np.ndarray:
    """d loss / d z of one row, worked by hand, for the output of experiment ``name``."""
    if name == "mean_squared_error":
        return 2 * (prediction[:, 0] - y)
    if name == "mean_absolute_error":
        return np.sign(prediction[:, 0] - y)
    t = np.tanh(z[:, 0])
    if name == "hinge":
        return -y * (1 - t**2)  # y tanh(z) < 1 always: the hinge never goes flat
    if name == "squared_hinge":
        return -2 * y * (1 - y * t) * (1 - t**2)
    if name == "binary_crossentropy":
        return prediction[:, 0] - y
    return prediction - np.eye(3)[y.astype(int)]  # sparse categorical cross-entropy


@pytest.mark.parametrize("name", ["mean_squared_error", "mean_absolute_error", "hinge", "squared_hinge",
                                  "binary_crossentropy", "sparse_categorical_crossentropy"])
def test_output_gradients_are_each_losss_derivative(name):
    """The tape's gradients at the output layer against the derivatives worked by hand."""
    pushes = experiments.output_gradients(experiments.run_experiment(name, seed=2, epochs=2))
    z, prediction, gradient = pushes["z"], pushes["prediction"], pushes["gradient"]
    y = experiments.EXPERIMENTS[name].problem().y_train
    assert z.shape == prediction.shape == gradient.shape and pushes["loss"].shape == (500,)
    by_hand = derivative_by_hand(name, z, prediction, y)
    np.testing.assert_allclose(gradient if gradient.shape[1] == 3 else gradient[:, 0], by_hand, atol=2e-6)


def test_output_gradients_rejects_unknown_rows():
    with pytest.raises(ValueError, match="`rows`"):
        experiments.output_gradients(experiments.run_experiment("hinge", seed=2, epochs=1), rows="all")
