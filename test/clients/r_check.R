# R checks of test/shell/clients.sh: sources the r blocks of docs/clients.md
# (SNIPPET), then reads every published view with their read_published and
# checks each column's class and the row counts against what psql read
# (EXPECTED/<view>.csv, SQL types in EXPECTED/types.csv), and that every
# column has a comment read through col_description.
#
# Usage: Rscript r_check.R SNIPPET EXPECTED_DIR
args <- commandArgs(trailingOnly = TRUE)
snippet <- args[1]
expected <- args[2]
passed <- 0
failed <- 0
check <- function(ok, what, detail = "") {
  if (isTRUE(ok)) {
    passed <<- passed + 1
    cat("ok - ", what, "\n", sep = "")
  } else {
    failed <<- failed + 1
    cat("not ok - ", what, if (nzchar(detail)) paste(":", detail) else "", "\n", sep = "")
  }
}

ran <- tryCatch({ capture.output(source(snippet, local = globalenv())); TRUE },
                error = function(e) conditionMessage(e))
check(isTRUE(ran), "r: the snippets of docs/clients.md run", if (isTRUE(ran)) "" else ran)
if (!isTRUE(ran)) {
  cat("r: ", passed, " passed, ", failed, " failed\n", sep = "")
  quit(status = 1)
}

types <- read.csv(file.path(expected, "types.csv"), header = FALSE,
                  col.names = c("view", "column", "type"), stringsAsFactors = FALSE)
# What RPostgreSQL gives for each SQL type (bigint becomes a double).
r_class <- c("bigint" = "numeric", "integer" = "integer", "numeric" = "numeric",
             "double precision" = "numeric", "text" = "character", "date" = "Date",
             "boolean" = "logical", "report_level" = "character")

for (view in sort(unique(types$view))) {
  want <- types[types$view == view, ]
  warned <- character(0)
  frame <- withCallingHandlers(read_published(con, view),
                               warning = function(w) {
                                 warned <<- c(warned, conditionMessage(w))
                                 invokeRestart("muffleWarning")
                               })
  check(length(warned) == 0, paste(view, ": read_published reads it without a warning", sep = ""),
        paste(warned, collapse = "; "))
  psql <- read.csv(file.path(expected, paste(view, ".csv", sep = "")), stringsAsFactors = FALSE)
  check(identical(names(frame), want$column) && nrow(frame) == nrow(psql),
        paste(view, ": dbGetQuery reads its ", nrow(psql), " rows and columns", sep = ""),
        paste(nrow(frame), "rows,", paste(names(frame), collapse = " ")))
  classes <- vapply(frame, function(x) class(x)[1], "")
  wrong <- want$column[classes[want$column] != r_class[want$type]]
  check(length(wrong) == 0, paste(view, ": every column has the R class of its SQL type", sep = ""),
        paste(wrong, classes[wrong], collapse = "; "))
  counts <- want$column[want$type == "bigint"]
  if (length(counts) > 0)
    check(any(!is.na(as.matrix(frame[, counts, drop = FALSE]))), paste(view, ": not every count is withheld", sep = ""))
  comments <- column_comments(con, view)
  bare <- comments$column_name[is.na(comments$comment) | !nzchar(comments$comment)]
  check(identical(comments$column_name, want$column) && length(bare) == 0,
        paste(view, ": col_description gives every column a comment", sep = ""), paste(bare, collapse = " "))
}

# A level in a query matches in any case; the level column is character.
levels <- suppressWarnings(dbGetQuery(con,
  "SELECT level, count(*) AS n FROM talking_therapies.repeat_referrals_published WHERE level IN ('National', 'PROVIDER') GROUP BY level ORDER BY level"))
check(identical(levels$level, c("national", "provider")) && all(levels$n > 0),
      "r: level IN ('National', 'PROVIDER') reads the national and provider rows, as character",
      paste(levels$level, levels$n, collapse = "; "))

# RPostgreSQL prints the server's error and gives NULL with a warning.
said <- capture.output(
  read <- suppressWarnings(tryCatch(dbGetQuery(con, "SELECT count(*) FROM talking_therapies.referral"),
                                    error = function(e) conditionMessage(e))),
  type = "message")
check(!is.data.frame(read) && any(grepl("permission denied for table referral", c(said, read))),
      "r: the role cannot read the referral table", paste(c(said, format(read)), collapse = " "))

invisible(dbDisconnect(con))
cat("r: ", passed, " passed, ", failed, " failed\n", sep = "")
quit(status = if (failed > 0) 1 else 0)
