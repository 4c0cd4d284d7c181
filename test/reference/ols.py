# Independent reference values for ols_fit (sql/ols.sql).
# Run: python3 test/reference/ols.py (Debian: python3-numpy). The data are
# the same integer-hash formulas as the regression test's, so both sides see
# the same doubles. Each case is solved twice: exactly, in rational
# arithmetic (fractions), which is what is printed, and by numpy in float64
# (lstsq, and HC1 as (n/(n-k)) (X'X)^-1 X' diag(e^2) X (X'X)^-1 with
# np.linalg.inv), whose agreement with the exact values is printed: to 1e-13
# or better on the random and seven cases, while the naive float64 inverse
# of X'X loses 3 digits on the offset case and most of them on the collinear
# one, which is why the exact values are the reference.
from fractions import Fraction as F
import numpy as np

def u(i, a, b):
    return ((i * a + b) % 1000) / 1000.0

def cases():
    out = {}
    # random: two regressors, heteroskedastic noise
    rows = []
    for i in range(1, 201):
        x1 = u(i, 37, 11) * 10.0
        x2 = u(i, 91, 7) * 5.0 - 2.0
        y = 1.5 + 2.0 * x1 - 0.7 * x2 + (u(i, 53, 3) - 0.5) * (1.0 + x1)
        rows.append((y, [x1, x2]))
    out['random'] = rows
    # offset: one regressor around 1e6, small noise
    rows = []
    for i in range(1, 101):
        x1 = 1e6 + u(i, 37, 11)
        y = 1e6 + 2.0 * u(i, 37, 11) + 0.01 * u(i, 53, 3)
        rows.append((y, [x1]))
    out['offset'] = rows
    # collinear: x2 is x1 plus 1e-3 noise, both around 1e3
    rows = []
    for i in range(1, 301):
        x1 = 1e3 + u(i, 37, 11) * 10.0
        x2 = x1 + 1e-3 * (u(i, 91, 7) - 0.5)
        y = 1.0 + x1 + x2 + (u(i, 53, 3) - 0.5)
        rows.append((y, [x1, x2]))
    out['collinear'] = rows
    # seven regressors: k = 8, the most with HC1
    rows = []
    for i in range(1, 121):
        x = [u(i, 37 + 10 * j, 11 + j) * (j + 1) for j in range(7)]
        y = 0.5
        for j in range(7):
            y = y + (j - 3) * x[j]
        y = y + (u(i, 53, 3) - 0.5) * (1.0 + x[0])
        rows.append((y, x))
    out['seven'] = rows
    return out

def solve(a, b):
    # Gauss-Jordan in exact fractions
    n = len(a)
    m = [row[:] + [b[i]] for i, row in enumerate(a)]
    for c in range(n):
        piv = next(r for r in range(c, n) if m[r][c] != 0)
        m[c], m[piv] = m[piv], m[c]
        for r in range(n):
            if r != c and m[r][c] != 0:
                f = m[r][c] / m[c][c]
                m[r] = [x - f * y for x, y in zip(m[r], m[c])]
    return [m[i][n] / m[i][i] for i in range(n)]

def inverse(a):
    n = len(a)
    cols = [solve(a, [F(int(i == j)) for i in range(n)]) for j in range(n)]
    return [[cols[j][i] for j in range(n)] for i in range(n)]

def exact(rows):
    X = [[F(1)] + [F(v) for v in x] for _, x in rows]
    Y = [F(y) for y, _ in rows]
    n, k = len(X), len(X[0])
    xtx = [[sum(r[a] * r[b] for r in X) for b in range(k)] for a in range(k)]
    xty = [sum(r[a] * y for r, y in zip(X, Y)) for a in range(k)]
    inv = inverse(xtx)
    beta = [sum(inv[a][b] * xty[b] for b in range(k)) for a in range(k)]
    e = [y - sum(bb * v for bb, v in zip(beta, r)) for r, y in zip(X, Y)]
    rss = sum(v * v for v in e)
    ybar = sum(Y) / n
    tss = sum((y - ybar) ** 2 for y in Y)
    s2 = rss / (n - k)
    se = [float(s2 * inv[a][a]) ** 0.5 for a in range(k)]
    meat = [[sum(ei * ei * r[a] * r[b] for ei, r in zip(e, X)) for b in range(k)] for a in range(k)]
    t = [[sum(inv[a][c] * meat[c][b] for c in range(k)) for b in range(k)] for a in range(k)]
    hc = [float(F(n, n - k) * sum(t[a][c] * inv[c][a] for c in range(k))) ** 0.5 for a in range(k)]
    return [float(b) for b in beta], se, hc, float(1 - rss / tss)

def numpy_fit(rows):
    X = np.array([[1.0] + x for _, x in rows])
    y = np.array([y for y, _ in rows])
    n, k = X.shape
    beta = np.linalg.lstsq(X, y, rcond=None)[0]
    e = y - X @ beta
    inv = np.linalg.inv(X.T @ X)
    se = np.sqrt(np.diag(inv) * (e @ e) / (n - k))
    hc = np.sqrt(np.diag((n / (n - k)) * inv @ (X.T * e ** 2) @ X @ inv))
    r2 = 1 - (e @ e) / ((y - y.mean()) @ (y - y.mean()))
    return list(beta), list(se), list(hc), r2

for name, rows in cases().items():
    beta, se, hc, r2 = exact(rows)
    nb, nse, nhc, nr2 = numpy_fit(rows)
    worst = max(abs(a - b) / max(abs(a), 1e-300) for a, b in
                zip(beta + se + hc + [r2], nb + nse + nhc + [nr2]))
    print(f"-- {name}: n={len(rows)}, numpy float64 agrees with the exact values to {worst:.1e} (relative)")
    for what, vals in (('coefficients', beta), ('standard_errors', se), ('robust_standard_errors', hc)):
        for i, v in enumerate(vals, 1):
            print(f" ('{name}', '{what}', {i}, {v!r}),")
    print(f" ('{name}', 'r_squared', 1, {r2!r}),")
