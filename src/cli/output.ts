/**
 * What `-o` may name: the written workbook is the input's own package edited in place, so it is what
 * the input was — a macro-enabled workbook (.xlsm) keeps its macros and must be written as .xlsm, a
 * plain one as .xlsx (Excel refuses a workbook whose extension does not match its kind). Standard
 * output is refused: the result is a binary file.
 */
import { msg, type Message } from '../core/message';

const MACRO_ENABLED = /\.(xlsm|xltm)$/i;

/** The extension a written copy of `input` takes: .xlsm for a macro-enabled workbook, else .xlsx. */
export const outputExtension = (input: string) => (MACRO_ENABLED.test(input) ? '.xlsm' : '.xlsx');

export function outputNameProblem(output: string, input: string): Message | null {
  if (output === '-')
    return msg(
      '-o - （写到标准输出）不受支持：写出的是二进制的工作簿文件，请给出输出文件名，如 -o 结果.xlsx。',
      '-o - (standard output) is not supported: the result is a binary workbook file; name an output file, e.g. -o result.xlsx.',
    );
  const macros = MACRO_ENABLED.test(input);
  if (macros && !MACRO_ENABLED.test(output))
    return msg(
      `“${input}”是启用宏的工作簿，写出的副本保留其中的宏，必须以 .xlsm 保存（Excel 不会打开含宏却名为“${output}”的文件）：请用 .xlsm 作为输出文件名。`,
      `"${input}" is a macro-enabled workbook and the written copy keeps its macros, so it must be saved as .xlsm (Excel will not open it as "${output}"): name an .xlsm output.`,
    );
  if (!macros && MACRO_ENABLED.test(output))
    return msg(
      `输出文件“${output}”是启用宏的格式，而“${input}”不含宏（Excel 不会打开不含宏的 .xlsm）：请用 .xlsx 作为输出文件名。`,
      `The output "${output}" is a macro-enabled format, but "${input}" has no macros (Excel will not open a macro-free .xlsm): name an .xlsx output.`,
    );
  if (/\.(xls|xlsb|xltx|csv|ods)$/i.test(output))
    return msg(`输出文件“${output}”的扩展名与写出的工作簿不符：请用 ${outputExtension(input)} 作为输出文件名。`, `The output "${output}" has the wrong extension for the workbook written: name an ${outputExtension(input)} output.`);
  return null;
}
