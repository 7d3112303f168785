/* lke_xlsx_in: reading a filled LKE workbook back (lke_xlsx_import in lke_docs.h), and the same
 * from memory for uploads and the fuzzer.
 *
 * What the import reads. The LKE sheet is the first sheet with a header row: a row with a
 * "Jawaban" cell and a "No" or "Penilaian" cell (trimmed, any case; the English export's
 * "Answer", "Assessment" and "Notes" count as well). Columns are found by their header, so moved
 * or inserted columns still read. Below the header, each row's No is a question code, an input
 * row "<code>:<input>", or a component/part/area/indicator code (skipped); a row without a code
 * whose Penilaian is exactly a question's text (or, right after a percentage item, one of its
 * input labels) counts as that question (or input). "rows" in the result counts the question
 * and input rows read.
 *
 * Answers are normalised to lke_score's form: "ya", "y", "yes" -> "ya"; "tidak", "t", "tdk",
 * "no", "n" -> "tidak"; "b", "B.", "b)" -> "B"; numbers from number cells (a cell shown as a
 * percentage, 0.85 as 85%, gives 85) or from text ("85", "85,5", "85.5", "85 %"). A percentage
 * item with inputs is {"inputs": {...}} when all its input rows hold numbers (its own cell, a
 * formula, is then not read); an item whose cell holds a typed number and whose inputs are all
 * empty keeps that number. Percentages above 100 are kept (lke_score counts them as 100).
 *
 * Problems name the sheet, the row, the code (null without one) and one of these English
 * message ids:
 *   "unknown question code", "answer is not one of the options", "answer must be ya or tidak",
 *   "answer is not a number", "number is ambiguous: write it without a thousands separator",
 *   "percentage cannot be negative", "survey index is out of range",
 *   "answer cell holds a spreadsheet error", "row has an answer but no question code",
 *   "question appears more than once", "unknown input of a percentage", "input is not a number",
 *   "input cannot be negative", "input appears more than once",
 *   "an input of this percentage is missing". */
#ifndef ZONA_LKE_LKE_XLSX_IN_H
#define ZONA_LKE_LKE_XLSX_IN_H

#include <jansson.h>
#include <stddef.h>

struct buf;
struct lke_framework;

/* lke_xlsx_import on len bytes in memory (borrowed for the call, not changed). Same result
 * (*out a new reference, NULL on error) and errors: ZE_INVAL for what is not an .xlsx workbook
 * or has no LKE sheet, ZE_LIMIT beyond the caps of report/xlsx_read.h, with the reason in err.
 * Reads f only, so threads may share one framework. */
int lke_xlsx_import_mem(const struct lke_framework *f, const void *data, size_t len, json_t **out,
                        struct buf *err);

#endif
