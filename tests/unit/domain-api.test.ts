import { describe, expect, it } from 'vitest';
import { parseTaskDetails, TASK_NO_CODE, TASK_NO_REASON } from '../../lib/domain/api';

const T = '939b6918-be3b-4c4f-b949-93553da52dca';
const detail = (fields: Record<string, unknown>) => ({ TaskNo: T, TaskDetailNo: 'd1', DomainName: 'example.com', ...fields });
const list = (TaskDetail: unknown) => ({ RequestId: 'R', TotalItemNum: 1, Data: { TaskDetail } });

describe('parseTaskDetails tolerates the documented variants', () => {
  it.each([
    ['array, success with code', list([detail({ TaskStatus: 'EXECUTE_SUCCESS', TaskStatusCode: 2, TaskResult: 'Ab#1<x>&"\' z' })]), { status: 'success', code: 'Ab#1<x>&"\' z' }],
    ['single object instead of array', list(detail({ TaskStatus: 'EXECUTE_SUCCESS', TaskStatusCode: 2, TaskResult: 'CODE' })), { status: 'success', code: 'CODE' }],
    ['numeric TaskResult', list([detail({ TaskStatusCode: 2, TaskResult: 12345 })]), { status: 'success', code: '12345' }],
    ['status code as string', list([detail({ TaskStatusCode: '2', TaskResult: 'X' })]), { status: 'success', code: 'X' }],
    ['status name only', list([detail({ TaskStatus: 'EXECUTE_SUCCESS', TaskResult: 'Y' })]), { status: 'success', code: 'Y' }],
    ['waiting', list([detail({ TaskStatus: 'WAITING_EXECUTE', TaskStatusCode: 0 })]), { status: 'waiting' }],
    ['running', list([detail({ TaskStatus: 'EXECUTING', TaskStatusCode: 1 })]), { status: 'running' }],
    ['failure with ErrorMsg', list([detail({ TaskStatusCode: 3, ErrorMsg: 'domain locked', FailReason: 'x' })]), { status: 'failure', error: 'domain locked' }],
    ['failure with FailReason only', list([detail({ TaskStatusCode: 3, ErrorMsg: '', FailReason: 'in 60 days' })]), { status: 'failure', error: 'in 60 days' }],
    ['failure without reason', list([detail({ TaskStatusCode: 3 })]), { status: 'failure', error: TASK_NO_REASON }],
    ['success without code is a failure', list([detail({ TaskStatusCode: 2, TaskResult: '' })]), { status: 'failure', error: TASK_NO_CODE }],
    ['empty list: not yet visible', list([]), { status: 'waiting' }],
    ['no Data at all', { RequestId: 'R', TotalItemNum: 0 }, { status: 'waiting' }],
    ['unknown status', list([detail({ TaskStatus: 'SOMETHING' })]), { status: 'waiting' }],
    ['garbage body', 'not json', { status: 'waiting' }],
    ['picks the detail of our TaskNo', list([{ TaskNo: 'other', TaskStatusCode: 3 }, detail({ TaskStatusCode: 2, TaskResult: 'MINE' })]), { status: 'success', code: 'MINE' }],
  ])('%s', (_name, body, expected) => {
    expect(parseTaskDetails(body, T)).toEqual(expected);
  });
});
