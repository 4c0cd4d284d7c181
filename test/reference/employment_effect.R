# Independent reference values for employment_support_effect
# (sql/employment_effect.sql): the depression group of its fixture, by R's
# own t.test (Welch) and lm, with HC1 written out as
# n / (n - k) (X'X)^-1 X' diag(e^2) X (X'X)^-1 (sandwich::vcovHC(type =
# "HC1") gives the same). Run: Rscript test/reference/employment_effect.R
cs <- c(-10, -9, -8, -9, -7, -8, -6, -7, -5, -6)      # supported: PHQ-9 change
fs <- 20:11                                          # supported: first PHQ-9
es <- rep(c(1, 0), 5)                                # supported: employed (01) at the start
co <- c(-6, -5, -4, -5, -3, -4, -2, -3, -5, -6)      # not supported
fo <- c(16, 15, 14, 13, 12, 11, 10, 12, 14, 16)
eo <- c(1, 1, 1, 0, 0, 0, 0, 0, 0, 0)
options(digits = 15)
cat("means, SDs:", mean(cs), sd(cs), mean(co), sd(co), "\n")
w <- t.test(cs, co)
cat("Welch: difference", mean(cs) - mean(co), "interval", w$conf.int, "df", w$parameter, "p", w$p.value, "\n")
y <- c(cs, co)
X <- cbind(1, c(rep(1, 10), rep(0, 10)), c(fs, fo), c(es, eo))
fit <- lm(y ~ X - 1)
b <- coef(fit); e <- resid(fit); n <- nrow(X); k <- ncol(X)
bread <- solve(t(X) %*% X)
V <- n / (n - k) * bread %*% t(X) %*% diag(e^2) %*% X %*% bread
se <- sqrt(diag(V))
cat("adjusted: difference", b[2], "HC1 se", se[2], "interval", b[2] + c(-1, 1) * qt(0.975, n - k) * se[2], "\n")
