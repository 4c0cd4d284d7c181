# Independent reference values for compare_rates (standard library only).
from math import sqrt, erfc
Z = 1.959963984540054
def wilson(x, n):
    p = x / n
    a = 2*n*p + Z*Z
    b = Z*sqrt(Z*Z + 4*n*p*(1-p))
    c = 2*(n + Z*Z)
    return (a - b)/c, (a + b)/c
def compare(x1, n1, x2, n2):
    p1, p2 = x1/n1, x2/n2
    l1, u1 = wilson(x1, n1); l2, u2 = wilson(x2, n2)
    d = p1 - p2
    lo = d - sqrt((p1-l1)**2 + (u2-p2)**2)
    hi = d + sqrt((u1-p1)**2 + (p2-l2)**2)
    p = (x1+x2)/(n1+n2)
    v = p*(1-p)*(1/n1+1/n2)
    pv = 1.0 if v == 0 else erfc(abs(d)/sqrt(v)/sqrt(2))
    return d, lo, hi, pv
for case in [(56,70,48,80),(9,10,3,10),(5,56,0,29),(0,10,0,20),(10,10,0,10),(620,1000,540,1000),(1,1,0,1)]:
    print(case, ["%.10f" % v for v in compare(*case)])
