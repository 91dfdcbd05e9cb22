import persons from '../../bff/src/adapters/sample/persons.json'
import { platformSuite } from './journey'

// 李明 helps 赵桂兰, a 78-year-old neighbour's relative (sample persons, insured); each signs in with a number of their own
const li = persons.persons[2]
const zhao = persons.persons[4]
platformSuite('alipay', { name: li.name, idNumber: li.idNumber, phone: '13700000201' }, { name: zhao.name, idNumber: zhao.idNumber, phone: '13700000202', relationship: '其他亲属' })
