"""Tests of lossutils.training: the seed's problems, models and runner (short runs only)."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest

from lossutils import training


def test_importing_it_loads_neither_keras_nor_sklearn():
    code = ("import lossutils.training, sys; "
            "print(any(m in sys.modules for m in ('keras', 'sklearn', 'tensorflow')))")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert run.stdout.strip() == "False"


def test_problems_have_the_articles_arguments_and_split():
    regression = training.regression_problem()
    assert regression.x_train.shape == (500, 20) and regression.x_test.shape == (500, 20)
    full_y = np.r_[regression.y_train, regression.y_test]
    assert abs(full_y.mean()) < 1e-12 and full_y.std() == pytest.approx(1.0)  # standardised
    assert round(float((full_y < 0).mean()), 3) == 0.511  # erratum B4's share
    circles, signed = training.circles_problem(), training.circles_problem("-1/+1")
    assert set(np.unique(circles.y_train)) == {0.0, 1.0}
    assert set(np.unique(signed.y_train)) == {-1.0, 1.0}
    np.testing.assert_array_equal(signed.y_test, 2 * circles.y_test - 1)
    one_hot, integers = training.blobs_problem(), training.blobs_problem(one_hot=False)
    assert one_hot.y_train.shape == (500, 3) and integers.y_train.shape == (500,)
    np.testing.assert_array_equal(one_hot.y_test.argmax(axis=1), integers.y_test)
    with pytest.raises(ValueError, match="`labels`"):
        training.circles_problem("yes/no")
    with pytest.raises(TypeError, match="`one_hot`"):
        training.blobs_problem(one_hot=1)


def test_there_are_nine_experiments_with_the_articles_settings():
    assert len(training.EXPERIMENTS) == 9
    circles = [e for e in training.EXPERIMENTS.values() if e.outputs == 1 and e.hidden_units == 50]
    assert len(circles) == 3 and {e.epochs for e in circles} == {200}
    hinge = training.EXPERIMENTS["hinge"]
    assert (hinge.activation, hinge.loss, hinge.metric) == ("tanh", "hinge", "accuracy")
    model = training.build_model(training.EXPERIMENTS["kl_divergence"], 2)
    assert [layer.units for layer in model.layers] == [50, 3]
    assert model.optimizer.learning_rate.numpy() == pytest.approx(0.01) and model.optimizer.momentum == 0.9


def test_sign_accuracy_reads_the_sign():
    labels, outputs = np.array([-1.0, -1.0, 1.0, 1.0]), np.array([-0.9, -0.3, 0.4, 0.95])
    assert float(training.sign_accuracy(labels, outputs)) == 1.0
    assert float(training.sign_accuracy(np.array([[1.0], [-1.0]]), np.array([[-0.1], [-0.2]]))) == 0.5


def test_a_short_run_is_deterministic_and_reports_what_evaluate_says():
    calls = []
    first = training.run_experiment("hinge", seed=3, epochs=2,
                                    progress=lambda done, total: calls.append((done, total)))
    again = training.run_experiment("hinge", seed=3, epochs=2)
    assert calls == [(1, 2), (2, 2)]
    assert sorted(first.history) == ["accuracy", "loss", "val_accuracy", "val_loss"]
    assert all(len(values) == 2 for values in first.history.values())
    assert (first.train, first.test, first.history) == (again.train, again.test, again.history)
    problem = training.circles_problem("-1/+1")
    assert first.test == pytest.approx(first.model.evaluate(problem.x_test, problem.y_test, verbose=0)[1])
    with pytest.raises(ValueError, match="`name`"):
        training.run_experiment("cosine_proximity")
